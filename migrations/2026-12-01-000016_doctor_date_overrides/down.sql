DROP TABLE doctor_override_hours;
DROP TABLE doctor_date_overrides;
