-- a first version
CREATE TABLE a (x TEXT);
INSERT INTO a(x) VALUES ('kept')
