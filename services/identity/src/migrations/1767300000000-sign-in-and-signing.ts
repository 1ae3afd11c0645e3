import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sign-in (challenges, refresh-token families), role grants with their audit, signing requests and
 * the signature evidence. Roles move from user.roles to grants, the one source of roles.
 */
export class SignInAndSigning1767300000000 implements MigrationInterface {
  name = 'SignInAndSigning1767300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE identity.auth_challenge (
        nonce text PRIMARY KEY,
        portal_id text NOT NULL,
        xml text NOT NULL,
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        consumed_at timestamptz
      );
      CREATE INDEX auth_challenge_expires_idx ON identity.auth_challenge (expires_at);

      CREATE TABLE identity.session (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        family_id uuid NOT NULL,
        user_id uuid NOT NULL REFERENCES identity."user"(id),
        bin char(12) CHECK (bin ~ '^[0-9]{12}$'),
        token_hash char(64) NOT NULL UNIQUE,
        access_token_id uuid NOT NULL,
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        rotated_at timestamptz,
        revoked_at timestamptz
      );
      CREATE INDEX session_family_idx ON identity.session (family_id);
      CREATE INDEX session_access_token_idx ON identity.session (access_token_id);

      CREATE TABLE identity.role_grant (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        iin char(12) NOT NULL CHECK (iin ~ '^[0-9]{12}$'),
        bin char(12) CHECK (bin ~ '^[0-9]{12}$'),
        role text NOT NULL CHECK (role IN ('KINDERGARTEN_STAFF', 'DISTRICT_OPERATOR', 'ADMIN')),
        kindergarten_ids text[] NOT NULL DEFAULT '{}',
        region_ids text[] NOT NULL DEFAULT '{}',
        granted_by text NOT NULL,
        granted_at timestamptz NOT NULL,
        reason text NOT NULL,
        revoked_at timestamptz,
        revoked_by text
      );
      -- One live grant per person, organisation and role: a new grant replaces its scopes.
      CREATE UNIQUE INDEX role_grant_live_uq ON identity.role_grant (iin, coalesce(bin, ''), role) WHERE revoked_at IS NULL;

      CREATE TABLE identity.role_grant_audit (
        id bigserial PRIMARY KEY,
        grant_id uuid NOT NULL REFERENCES identity.role_grant(id),
        action text NOT NULL CHECK (action IN ('GRANT', 'REVOKE')),
        actor text NOT NULL,
        at timestamptz NOT NULL,
        reason text NOT NULL,
        grant_state jsonb NOT NULL
      );
      CREATE INDEX role_grant_audit_grant_idx ON identity.role_grant_audit (grant_id, id);

      CREATE TABLE identity.signing_request (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        service text NOT NULL,
        action text NOT NULL,
        parameters jsonb NOT NULL,
        subject text NOT NULL,
        signer_iin char(12) NOT NULL CHECK (signer_iin ~ '^[0-9]{12}$'),
        nonce text NOT NULL UNIQUE,
        xml text NOT NULL,
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        status text NOT NULL CHECK (status IN ('PENDING', 'VERIFIED')),
        CHECK (expires_at > created_at)
      );

      -- Step 11 of the checklist: what was signed, by which certificate, when, and the revocation answer.
      CREATE TABLE identity.signature (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        request_id uuid NOT NULL UNIQUE REFERENCES identity.signing_request(id),
        action text NOT NULL,
        signer_iin char(12) NOT NULL,
        signed_xml text NOT NULL,
        certificate_pem text NOT NULL,
        certificate_serial text NOT NULL,
        certificate_sha256 char(64) NOT NULL,
        verified_at timestamptz NOT NULL,
        revocation jsonb NOT NULL
      );

      CREATE FUNCTION identity.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END $$;
      CREATE TRIGGER signature_append_only BEFORE UPDATE OR DELETE ON identity.signature
        FOR EACH ROW EXECUTE FUNCTION identity.refuse_change();
      CREATE TRIGGER role_grant_audit_append_only BEFORE UPDATE OR DELETE ON identity.role_grant_audit
        FOR EACH ROW EXECUTE FUNCTION identity.refuse_change();

      WITH moved AS (
        INSERT INTO identity.role_grant (iin, role, granted_by, granted_at, reason)
        SELECT u.iin, r.role, 'migration', now(), 'moved from user.roles'
        FROM identity."user" u CROSS JOIN LATERAL unnest(u.roles) AS r(role)
        WHERE r.role <> 'APPLICANT'
        RETURNING id, iin, role
      )
      INSERT INTO identity.role_grant_audit (grant_id, action, actor, at, reason, grant_state)
      SELECT id, 'GRANT', 'migration', now(), 'moved from user.roles', jsonb_build_object('role', role) FROM moved;
      ALTER TABLE identity."user" DROP COLUMN roles;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE identity."user" ADD COLUMN roles text[] NOT NULL DEFAULT '{APPLICANT}';
      DROP TABLE identity.signature; DROP TABLE identity.signing_request;
      DROP TABLE identity.role_grant_audit; DROP TABLE identity.role_grant; DROP FUNCTION identity.refuse_change();
      DROP TABLE identity.session; DROP TABLE identity.auth_challenge;
    `);
  }
}
