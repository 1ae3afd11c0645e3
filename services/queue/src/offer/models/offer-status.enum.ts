/** An offer's life (R10, R11): open until chosen, lapsed when the window ends, withdrawn with its application. */
export enum OfferStatus {
  OPEN = 'OPEN',
  ACCEPTED = 'ACCEPTED',
  LAPSED = 'LAPSED',
  WITHDRAWN = 'WITHDRAWN',
}
