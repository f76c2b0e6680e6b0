DROP TABLE sent_mails;
DROP TABLE outbox_jobs;
