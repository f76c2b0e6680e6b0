ALTER TABLE appointments DROP COLUMN invite_sequence;
ALTER TABLE appointments DROP COLUMN meeting_passcode;
