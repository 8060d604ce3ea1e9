-- A case handed to another contact person tells them by e-mail.
ALTER TYPE mail_kind ADD VALUE 'handover';
