-- Issue 14 (items 2 and 3). A township's scope is its territory's cases
-- and its unit's assignments, and nearly every assignment of a township's
-- unit is a case of its own territory (all 80 667 of 苏桥镇's in the
-- generated city). Read off `case_units_received`, the unit's list walked
-- the territory's cases a second time: a township's newest 1 000 having
-- `危房 补助` tested each case twice on PostgreSQL (25 ms, 9.5 without the
-- second list), and its exact count read all its unit's entries for the
-- few from elsewhere. By the unit, then the case's township, the cases
-- assigned to it from other townships are two short ranges of this index.
CREATE INDEX case_units_township ON case_units(org_id, township_id, received_at, case_id);
