-- Compliance reads the countable records from the modules' manifests (src/*/module.ts).
DROP VIEW IF EXISTS "cadence_records";
