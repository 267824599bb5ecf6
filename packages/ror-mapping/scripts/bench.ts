/**
 * Micro-benchmark: maps the local ROR's resources for 100,000 units (organizations, services,
 * places), in batches so memory stays low, timing the mapping alone and JSON.parse of the same
 * resources as NDJSON lines (what the sync reads) for comparison. `npm run bench -w @trajectoire/ror-mapping`.
 */
import { fhirResources, rorDirectory } from '@trajectoire/local-ror/resources';
import { mapHealthcareService, mapLocation, mapOrganization } from '../src/index';

const units = Number(process.argv[2] ?? 100_000);
const ror = fhirResources(rorDirectory({ units }));
const BATCH = 20_000;
let mapNs = 0n;
let parseNs = 0n;
let count = 0;
let failures = 0;
let batch: unknown[] = [];

function flush() {
  const lines = batch.map((r) => JSON.stringify(r));
  let start = process.hrtime.bigint();
  const parsed = lines.map((line) => JSON.parse(line) as { resourceType: string });
  parseNs += process.hrtime.bigint() - start;
  start = process.hrtime.bigint();
  for (const r of parsed) {
    const mapped =
      r.resourceType === 'Organization'
        ? mapOrganization(r)
        : r.resourceType === 'Location'
          ? mapLocation(r)
          : mapHealthcareService(r);
    if (!mapped.ok) failures++;
  }
  mapNs += process.hrtime.bigint() - start;
  count += parsed.length;
  batch = [];
}

for (const resource of ror.all()) {
  batch.push(resource);
  if (batch.length === BATCH) flush();
}
flush();
const ms = (ns: bigint) => Number(ns / 1_000_000n);
console.log(
  `${ror.counts.units} units, ${count} resources: mapping ${ms(mapNs)} ms (${(Number(mapNs) / count / 1000).toFixed(2)} µs each), JSON.parse ${ms(parseNs)} ms; ${failures} refused`,
);
