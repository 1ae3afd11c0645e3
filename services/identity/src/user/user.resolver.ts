import { Module } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Query, Resolver, ResolveReference } from '@nestjs/graphql';
import { DataSource, In } from 'typeorm';
import { byKey, Ctx, RequestContext, requirePrincipal } from '@kezek/subgraph';
import { User } from './user.entity';

@Resolver(() => User)
export class UserResolver {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  @Query(() => User, { nullable: true, description: 'The signed-in person' })
  me(@Ctx() ctx: RequestContext): Promise<User | null> {
    const principal = requirePrincipal(ctx);
    return this.db.getRepository(User).findOneBy({ id: principal.userId });
  }

  @ResolveReference()
  resolveReference(ref: { id: string }, ctx: RequestContext): Promise<User | null> {
    return ctx.loaders.get('user', byKey((ids: string[]) => this.db.getRepository(User).findBy({ id: In(ids) }), (u) => u.id)).load(ref.id);
  }
}

@Module({ providers: [UserResolver] })
export class UserModule {}
