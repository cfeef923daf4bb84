-- The PostgreSQL server's own cost of storing a first charity import, without Python: 170,000
-- organisations and their registrations written by INSERT ... SELECT in one transaction, with
-- every index and key the real tables have, then the commit (which runs the deferred key
-- checks: each organisation's area, each registration's area and organisation). The same
-- rows as bench/evidence_import.py writes for 170k charities, in shape if not in text.
-- Run against a migrated throwaway database (see bench/README.md); it rolls nothing back but
-- empties both tables at the end:
--
--     psql -h 127.0.0.1 -U postgres -d DATABASE -f bench/charity_server_floor.sql
--
-- The four timings printed are: the source rows (not part of the import), the organisations,
-- the registrations, the commit.
\set ON_ERROR_STOP on
SET client_min_messages = warning;
INSERT INTO areas_area (public_id, created_at, updated_at, gss_code, name, is_demo, suppression_threshold)
VALUES (gen_random_uuid(), now(), now(), 'E08000009', 'Trafford', false, 5)
ON CONFLICT DO NOTHING;
SELECT id AS area FROM areas_area WHERE gss_code = 'E08000009' \gset
\timing on
CREATE TEMP TABLE source_rows AS
SELECT i, 'Charity name number ' || i AS name, 'GB-CHC-' || (1000000 + i) AS org_id,
       (1000000 + i)::text AS number, gen_random_uuid() AS organisation_uuid,
       gen_random_uuid() AS registration_uuid
FROM generate_series(1, 170000) AS i;
BEGIN;
INSERT INTO areas_organisation (public_id, created_at, updated_at, area_id, kind, vcs_type, name,
    org_id, annual_income, website, description, is_marginalised_led, neighbourhoods)
SELECT organisation_uuid, now(), now(), :area, 'vcs', 'charity', name, org_id, 1000, '', '',
    false, ''
FROM source_rows;
INSERT INTO evidence_charityregistration (public_id, created_at, updated_at, charity_number,
    organisation_number, register_name, company_number, charity_type, registration_status,
    activities, address, postcode, phone, email, web, classifications, areas_of_operation,
    area_id, organisation_id, last_seen_run_id, source_run_id)
SELECT s.registration_uuid, now(), now(), s.number, '', s.name, '', 'Trust', 'Registered',
    'What the charity does', 'An address, A town', 'M1 1AA', '', '', '', '[]', '[]', o.area_id,
    o.id, NULL, NULL
FROM source_rows AS s JOIN areas_organisation AS o ON o.org_id = s.org_id AND o.area_id = :area;
COMMIT;
\timing off
TRUNCATE evidence_charityregistration, areas_organisation CASCADE;
