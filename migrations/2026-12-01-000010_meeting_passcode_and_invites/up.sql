-- The meeting's passcode is a credential: sealed with the data key and bound
-- to its row ("v1:" + base64, like patients.medical_history). invite_sequence
-- is the SEQUENCE the appointment's next calendar invite carries; it rises
-- with every invite sent, so calendars always keep the newest.
ALTER TABLE appointments ADD COLUMN meeting_passcode TEXT;
ALTER TABLE appointments ADD COLUMN invite_sequence INTEGER NOT NULL DEFAULT 0
    CHECK (invite_sequence >= 0);
