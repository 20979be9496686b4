-- Sign-in names (issue 19, SMS Central's user/create): a user signs in with an e-mail address or a username.
-- SMS Central's users have a username and may have no e-mail address at all, so the address becomes optional
-- and a user needs at least one of the two. A user without an address signs in with the username; the
-- e-mail-only features (password reset by mail, invitations, which are bound to an address) do not reach them.
--
-- A username is stored lower-case, as the address is, so that uniqueness and sign-in ignore case with a plain
-- unique index. It never holds an `@`: a sign-in name with one is an address, without one a username, so a
-- username can never be mistaken for somebody's e-mail address (nor the reverse).

-- AlterTable
ALTER TABLE "app_user" ALTER COLUMN "email" DROP NOT NULL,
ADD COLUMN     "username" TEXT,
ADD COLUMN     "mobile_number" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "app_user_username_key" ON "app_user"("username");

ALTER TABLE "app_user"
  ADD CONSTRAINT "app_user_username_format" CHECK (username ~ '^[a-z0-9][a-z0-9._-]{2,63}$'),
  ADD CONSTRAINT "app_user_has_sign_in_name" CHECK (email IS NOT NULL OR username IS NOT NULL),
  -- the console's sign-in is an address (operators reset their password by mail)
  ADD CONSTRAINT "app_user_operator_has_email" CHECK (NOT is_operator OR email IS NOT NULL),
  -- E.164: a plus, then up to 15 digits
  ADD CONSTRAINT "app_user_mobile_number_e164" CHECK (mobile_number ~ '^\+[1-9][0-9]{6,14}$');
