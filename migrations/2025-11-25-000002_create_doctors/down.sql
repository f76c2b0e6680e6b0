DROP TABLE doctor_time_off;
DROP TABLE doctor_hours;
DROP TABLE doctors;
