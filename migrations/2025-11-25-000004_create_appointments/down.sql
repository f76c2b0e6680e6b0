DROP TABLE appointment_history;
DROP TABLE appointments;
