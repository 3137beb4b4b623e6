-- a second version that fails half way
CREATE TABLE b (y TEXT);
INSERT INTO no_such_table(y) VALUES ('never')
