import { InjectDataSource } from '@nestjs/typeorm';
import { Args, Mutation, Parent, Query, ResolveField, Resolver, ResolveReference } from '@nestjs/graphql';
import { DataSource, In, IsNull } from 'typeorm';
import { byGroup, byKey, Ctx, RequestContext, requirePrincipal } from '@kezek/subgraph';
import { validateInput } from '@kezek/validation';
import { EmailConfirmationService } from '../email-confirmation/email-confirmation.service';
import { Role } from '../role-grant/models/role.enum';
import { RoleGrant } from '../role-grant/role-grant.entity';
import { contactsInput } from './contacts.schema';
import { User } from './user.entity';
import { canSeeUser } from './visibility.rules';

@Resolver(() => User)
export class UserResolver {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly confirmations: EmailConfirmationService,
  ) {}

  @Query(() => User, { nullable: true, description: 'The signed-in person' })
  me(@Ctx() ctx: RequestContext): Promise<User | null> {
    const principal = requirePrincipal(ctx);
    return this.db.getRepository(User).findOneBy({ id: principal.userId });
  }

  @Mutation(() => User, {
    description:
      'Sets the e-mail (and phone) of the signed-in person; after it needsEmail is false. An e-mail not yet ' +
      'confirmed gets a code by e-mail (confirmEmail); a retry with the same e-mail sends no second one',
  })
  updateContacts(
    @Ctx() ctx: RequestContext,
    @Args('email') email: string,
    @Args('phone', { nullable: true, type: () => String }) phone?: string | null,
  ): Promise<User> {
    const principal = requirePrincipal(ctx);
    const contacts = validateInput(contactsInput, { email, phone });
    return this.confirmations.setContacts(principal.userId, contacts);
  }

  @Mutation(() => User, {
    description:
      'Confirms the e-mail of the signed-in person with the six-digit code sent to it (valid 24 hours, 5 tries); ' +
      'EMAIL_CONFIRMATION_INVALID otherwise. Repeating a successful confirmation answers the same',
  })
  confirmEmail(@Ctx() ctx: RequestContext, @Args('code') code: string): Promise<User> {
    return this.confirmations.confirm(requirePrincipal(ctx).userId, code);
  }

  @ResolveField(() => Boolean, { description: 'Whether the current e-mail was confirmed with the code sent to it' })
  emailConfirmed(@Parent() user: User): boolean {
    return !!user.emailConfirmedAt;
  }

  @ResolveField(() => [Role], { description: 'APPLICANT (everyone) and every role granted to the person' })
  async roles(@Parent() user: User, @Ctx() ctx: RequestContext): Promise<Role[]> {
    const grants = await ctx.loaders
      .get(
        'grantsByIin',
        byGroup(
          (iins: string[]) => this.db.getRepository(RoleGrant).findBy({ iin: In(iins), revokedAt: IsNull() }),
          (g) => g.iin,
        ),
      )
      .load(user.iin);
    return [...new Set([Role.APPLICANT, ...(grants ?? []).map((g) => g.role)])];
  }

  /** A person reached from another subgraph (an application's applicant): only by whom `canSeeUser` lets see them. */
  @ResolveReference()
  async resolveReference(ref: { id: string }, ctx: RequestContext): Promise<User | null> {
    const principal = requirePrincipal(ctx);
    const user = await ctx.loaders
      .get(
        'user',
        byKey(
          (ids: string[]) => this.db.getRepository(User).findBy({ id: In(ids) }),
          (u) => u.id,
        ),
      )
      .load(ref.id);
    return user && canSeeUser(principal, user.id) ? user : null;
  }
}
