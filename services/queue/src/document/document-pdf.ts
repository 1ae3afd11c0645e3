import { readFileSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import { create as createQrCode } from 'qrcode';
import { toAlmatyIso } from '@kezek/clock';
import { PdfLanguage, VERIFICATION_LABELS } from './document-labels';
import { DocumentText, formatDateTime } from './document-template';

// PDFs are drawn with pdfkit in DejaVu Sans, read from the dejavu-fonts-ttf package: it covers
// Kazakh Cyrillic (ә ғ қ ң ө ұ ү һ і) and is embedded (subset) in every file, so nothing is
// fetched at run time. The QR code is drawn as vector squares from qrcode's module matrix.

const font = (file: string) => readFileSync(require.resolve(`dejavu-fonts-ttf/ttf/${file}`));
let fonts: { regular: Buffer; bold: Buffer } | undefined;
const loadFonts = () => (fonts ??= { regular: font('DejaVuSans.ttf'), bold: font('DejaVuSans-Bold.ttf') });

export interface PdfInput {
  text: DocumentText;
  lang: PdfLanguage;
  issuedAt: Date;
  verificationCode: string;
  /** What the QR code encodes: the public check of this code. */
  verificationUrl: string;
}

const MARGIN = 56;
const QR_SIZE = 112;

/** Draws `url`'s QR code with its top-left corner at (x, y), `size` points wide. */
function drawQrCode(doc: PDFKit.PDFDocument, url: string, x: number, y: number, size: number): void {
  const { modules } = createQrCode(url, { errorCorrectionLevel: 'M' });
  const cell = size / modules.size;
  for (let row = 0; row < modules.size; row++)
    for (let col = 0; col < modules.size; col++)
      if (modules.get(row, col)) doc.rect(x + col * cell, y + row * cell, cell, cell);
  doc.fillColor('black').fill();
}

/** One document as a PDF (A4): title, statement, its fields, then the verification code and QR code. */
export function renderDocumentPdf(input: PdfInput): Promise<Buffer> {
  const { regular, bold } = loadFonts();
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    lang: input.lang,
    info: { Title: input.text.title, Creator: 'Kezek', CreationDate: input.issuedAt },
  });
  doc.registerFont('regular', regular);
  doc.registerFont('bold', bold);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const width = doc.page.width - 2 * MARGIN;
  doc.font('bold').fontSize(16).text(input.text.title, { align: 'center' });
  doc.moveDown(0.8);
  doc.font('regular').fontSize(11).text(input.text.statement);
  doc.moveDown(1);

  const labelWidth = 190;
  for (const { label, value } of input.text.lines) {
    const y = doc.y;
    doc
      .font('bold')
      .fontSize(10.5)
      .text(label, MARGIN, y, { width: labelWidth - 10 });
    const afterLabel = doc.y;
    doc.font('regular').text(value, MARGIN + labelWidth, y, { width: width - labelWidth });
    doc.y = Math.max(afterLabel, doc.y) + 4;
  }

  doc.moveDown(2);
  const footerY = doc.y;
  const textWidth = width - QR_SIZE - 16;
  const labels = VERIFICATION_LABELS;
  doc
    .font('regular')
    .fontSize(10)
    .text(`${labels.issuedAt[input.lang]}: ${formatDateTime(toAlmatyIso(input.issuedAt))}`, MARGIN, footerY, {
      width: textWidth,
    });
  doc.moveDown(0.5);
  doc.text(`${labels.code[input.lang]}: `, { width: textWidth, continued: true });
  doc.font('bold').text(input.verificationCode);
  doc.moveDown(0.5);
  doc.font('regular').fontSize(9).text(labels.hint[input.lang], { width: textWidth });
  doc.text(input.verificationUrl, { width: textWidth });
  drawQrCode(doc, input.verificationUrl, MARGIN + width - QR_SIZE, footerY, QR_SIZE);

  doc.end();
  return done;
}
