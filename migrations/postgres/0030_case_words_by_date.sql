-- Issue 14 (item 3). SQLite's index of words is keyed anew by each case's
-- 接待日期 (see the SQLite migration of this number). PostgreSQL keeps its
-- rows by case id and finds the newest through the cases' own index:
-- nothing changes here.
SELECT 1;
