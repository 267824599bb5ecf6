import type { DB } from '@trajectoire/db';
import type { EstablishmentRorRow, UnitRorRow } from '@trajectoire/ror-mapping';
import { sql, type Transaction } from 'kysely';

/**
 * Writing what the ROR says into `establishments` and `units`, one batch of establishments in one
 * transaction (the caller's). Only the ROR's columns are ever written (see ESTABLISHMENT_ROR_FIELDS
 * and UNIT_ROR_FIELDS in the domain): description, access itinerary, internal code, local resources
 * and comfort services, pathologies, filière and coverage are never named here. A row is updated
 * only when one of its ROR columns really differs (`is distinct from`, compared in SQL), so an
 * unchanged row is not rewritten and the credential-change triggers stay quiet.
 */

export interface MergeBatch {
  establishments: EstablishmentRorRow[];
  /** Units with the ROR id of their establishment (its EG Organization). */
  /** `keepLocation`: its place could not be read, what the unit holds from it stays as it is. */
  units: (UnitRorRow & { establishmentRorId: string; keepLocation?: boolean })[];
  /**
   * Units read from the full load's staging instead (set-based, without a round trip through
   * JavaScript): each staged service with the establishment its chain reaches, and its place the
   * first of its `locationIds` staged without error — as ror-mapping's unitRow makes them.
   */
  stagedUnits?: { runId: string; serviceIds: string[]; establishmentRorIds: string[] };
  /**
   * Establishments read from the full load's staging instead of `establishments`: these EGs (each
   * staged without error, with its FINESS and département), with the EJ their `partOf` names — as
   * ror-mapping's establishmentRow makes them.
   */
  stagedEstablishments?: { runId: string; rorIds: string[] };
  /**
   * Establishments (by ROR id) whose whole set of units this batch carries: their units the batch
   * does not name (nor `seenUnitIds`) are closed. Empty for a delta, which sees only what changed.
   */
  completeEstablishments: string[];
  /** Units the ROR still has but that could not be read (mapping error): never closed for that. */
  seenUnitIds: string[];
  /** Establishments (by ROR id) in error, with the reason shown beside them. */
  establishmentErrors: Map<string, string>;
}

export interface MergeCounts {
  created: number;
  updated: number;
  unchanged: number;
  closed: number;
  errors: number;
}

export interface MergeResult extends MergeCounts {
  /** Resources that could not be written (a FINESS used by another establishment…). */
  failures: { resourceType: string; resourceId: string; reason: string }[];
}

const json = (value: unknown) => sql`${JSON.stringify(value)}::jsonb`;

export async function mergeBatch(trx: Transaction<DB>, batch: MergeBatch, now: Date): Promise<MergeResult> {
  const result: MergeResult = { created: 0, updated: 0, unchanged: 0, closed: 0, errors: 0, failures: [] };
  // Every statement here reads the batch's own rows, a thousand establishments at most, found by
  // key. Left to choose, the planner hashed the whole of establishments for each batch (45 ms a
  // batch at 21,000 establishments, growing with the directory), and put a Memoize that never hits
  // in front of each unit's place. (Planning each batch afresh, force_custom_plan, was tried: it
  // cost more Postgres CPU than it saved.)
  await sql`select set_config('enable_hashjoin', 'off', true), set_config('enable_mergejoin', 'off', true),
    set_config('enable_memoize', 'off', true)`.execute(trx);
  const incoming = await fillIncomingEstablishments(trx, batch);
  /** The batch's incoming establishments that could not be written (none, as a rule). */
  const unwritten = new Set<string>();
  const errorsJson = json([...batch.establishmentErrors].map(([ror_id, error]) => ({ ror_id, error })));

  if (incoming > 0) {
    // An establishment the directory had before the ROR (same FINESS, no ROR id) is linked, not duplicated.
    await sql`
      update establishments e set ror_id = x.ror_id
      from ror_incoming_establishments x
      where e.ror_id is null and e.finess = x.finess
        and not exists (select 1 from establishments o where o.ror_id = x.ror_id)`.execute(trx);

    const updated = await sql<{ id: string; just_closed: boolean }>`
      with n as (
        select e.id, x.*, case when x.active then null else coalesce(e.closed_at, ${now}::timestamptz) end as new_closed_at
        from ror_incoming_establishments x join establishments e on e.ror_id = x.ror_id
      )
      update establishments e set
        finess = n.finess, name = n.name, legal_entity_finess = n.legal_entity_finess,
        legal_entity_name = n.legal_entity_name, category = n.category, category_code = n.category_code,
        address = n.address, postal_code = n.postal_code, city = n.city, departement = n.departement,
        phone = n.phone, email = n.email, ror_last_updated = n.ror_last_updated, closed_at = n.new_closed_at,
        updated_at = ${now}
      from n
      where e.id = n.id
        and (e.finess::text, e.name, e.legal_entity_finess::text, e.legal_entity_name, e.category, e.category_code,
             e.address, e.postal_code, e.city, e.departement, e.phone, e.email, e.ror_last_updated, e.closed_at)
        is distinct from
            (n.finess, n.name, n.legal_entity_finess, n.legal_entity_name, n.category, n.category_code,
             n.address, n.postal_code, n.city, n.departement, n.phone, n.email, n.ror_last_updated, n.new_closed_at)
      returning e.id, (e.closed_at = ${now}::timestamptz) as just_closed`.execute(trx);
    for (const row of updated.rows) {
      if (row.just_closed) result.closed++;
      else result.updated++;
    }

    // A new establishment is written with its sync state at once: the state update below then
    // leaves it alone (rewriting a row just inserted would cost as much again).
    const inserted = await sql`
      with er as (select * from jsonb_to_recordset(${errorsJson}) as er(ror_id text, error text))
      insert into establishments (ror_id, finess, name, legal_entity_finess, legal_entity_name, category, category_code,
        address, postal_code, city, departement, phone, email, ror_last_updated, closed_at, ror_sync_state,
        ror_sync_error, ror_synced_at, created_at, updated_at)
      select x.ror_id, x.finess, x.name, x.legal_entity_finess, x.legal_entity_name, x.category, x.category_code,
        x.address, x.postal_code, x.city, x.departement, x.phone, x.email, x.ror_last_updated,
        case when x.active then null else ${now}::timestamptz end,
        case when er.error is null then 'SYNCHRONISED' else 'ERROR' end, er.error, ${now}, ${now}, ${now}
      from ror_incoming_establishments x left join er on er.ror_id = x.ror_id
      where not exists (select 1 from establishments e where e.ror_id = x.ror_id)
      on conflict do nothing`.execute(trx);
    const insertedCount = Number(inserted.numAffectedRows ?? 0);
    result.created += insertedCount;

    // What was neither updated nor created is unchanged, or could not be written.
    const missing = await sql<{ ror_id: string; finess: string }>`
      select x.ror_id, x.finess from ror_incoming_establishments x
      where not exists (select 1 from establishments e where e.ror_id = x.ror_id)`.execute(trx);
    for (const e of missing.rows) {
      unwritten.add(e.ror_id);
      result.failures.push({
        resourceType: 'Organization',
        resourceId: e.ror_id,
        reason: `FINESS ${e.finess} : déjà celui d’un autre établissement de l’annuaire, lié à une autre fiche du ROR`,
      });
    }
    result.unchanged += incoming - missing.rows.length - updated.rows.length - insertedCount;
  }

  // The sync state of every establishment the batch names (no ROR column: the triggers stay quiet),
  // rewritten only where it differs.
  if (incoming > 0 || batch.establishmentErrors.size > 0) {
    await sql`
      with er as (select * from jsonb_to_recordset(${errorsJson}) as er(ror_id text, error text)),
      x as (
        select i.ror_id, er.error from ror_incoming_establishments i left join er on er.ror_id = i.ror_id
        union all
        select er.ror_id, er.error from er
        where not exists (select 1 from ror_incoming_establishments i where i.ror_id = er.ror_id)
      )
      update establishments e set
        ror_sync_state = case when x.error is null then 'SYNCHRONISED' else 'ERROR' end,
        ror_sync_error = x.error,
        ror_synced_at = ${now}
      from x where e.ror_id = x.ror_id
        and (e.ror_sync_state, e.ror_sync_error, e.ror_synced_at)
          is distinct from (case when x.error is null then 'SYNCHRONISED' else 'ERROR' end, x.error, ${now}::timestamptz)`.execute(
      trx,
    );
  }

  const units = batch.units.map((u) => ({
    ror_id: u.rorId,
    establishment_ror_id: u.establishmentRorId,
    ror_location_id: u.rorLocationId,
    name: u.name,
    kind: u.kind,
    offer_type: u.offerType,
    activity_field: u.activityField,
    operational_activities: u.operationalActivities,
    care_modes: u.careModes,
    publics: u.publics,
    capacity: u.capacity,
    capacity_unit: u.capacityUnit,
    capacities: u.capacities,
    ror_resources: u.rorResources,
    ror_comfort_services: u.rorComfortServices,
    ror_last_updated: u.rorLastUpdated,
    active: u.active,
    keep_location: u.keepLocation ?? false,
  }));
  const staged = batch.stagedUnits;
  const unitKeys = staged
    ? staged.serviceIds.map((id, i) => ({ ror_id: id, establishment_ror_id: staged.establishmentRorIds[i] as string }))
    : units;
  if (unitKeys.length > 0) {
    const incoming = staged
      ? stagedIncoming(staged)
      : sql`
      select x.ror_id, e.id as establishment_id, x.ror_location_id, x.name, x.kind, x.offer_type, x.activity_field,
        coalesce(array(select jsonb_array_elements_text(x.operational_activities)), '{}') as operational_activities,
        coalesce(array(select jsonb_array_elements_text(x.care_modes)), '{}') as care_modes,
        coalesce(array(select jsonb_array_elements_text(x.publics)), '{}') as publics,
        x.capacity, x.capacity_unit, coalesce(x.capacities, '[]'::jsonb) as capacities,
        coalesce(array(select jsonb_array_elements_text(x.ror_resources)), '{}') as ror_resources,
        coalesce(array(select jsonb_array_elements_text(x.ror_comfort_services)), '{}') as ror_comfort_services,
        x.ror_last_updated, x.active and e.closed_at is null as active, x.keep_location
      from jsonb_to_recordset(${json(units)}) as x(
        ror_id text, establishment_ror_id text, ror_location_id text, name text, kind text, offer_type text,
        activity_field text, operational_activities jsonb, care_modes jsonb, publics jsonb, capacity integer,
        capacity_unit text, capacities jsonb, ror_resources jsonb, ror_comfort_services jsonb,
        ror_last_updated timestamptz, active boolean, keep_location boolean)
      join establishments e on e.ror_id = x.establishment_ror_id`;

    // One upsert: a new unit is inserted; a known one is updated only when one of its ROR columns
    // really differs (the WHERE of DO UPDATE: otherwise nothing is written and no trigger fires).
    // A unit whose place could not be read keeps what it holds from it.
    // Counted in SQL: the batch's thousands of rows never come back to JavaScript.
    const written = await sql<{ inserted: number; closed: number; updated: number }>`
      with w as (
      insert into units as u (ror_id, establishment_id, ror_location_id, name, kind, offer_type, activity_field,
        operational_activities, care_modes, publics, capacity, capacity_unit, capacities, ror_resources,
        ror_comfort_services, ror_last_updated, closed_at, created_at, updated_at)
      select i.ror_id, i.establishment_id,
        case when i.keep_location and o.id is not null then o.ror_location_id else i.ror_location_id end,
        i.name, i.kind, i.offer_type, i.activity_field, i.operational_activities, i.care_modes, i.publics,
        case when i.keep_location and o.id is not null then o.capacity else i.capacity end,
        case when i.keep_location and o.id is not null then o.capacity_unit else i.capacity_unit end,
        case when i.keep_location and o.id is not null then o.capacities else i.capacities end,
        case when i.keep_location and o.id is not null then o.ror_resources else i.ror_resources end,
        i.ror_comfort_services,
        case when i.keep_location and o.id is not null then o.ror_last_updated else i.ror_last_updated end,
        case when i.active then null else coalesce(o.closed_at, ${now}::timestamptz) end, ${now}, ${now}
      from (${incoming}) i
      -- What the unit holds is read only where it is kept (a place not read, a closing date):
      -- looked up by key then, not joined for every incoming unit.
      left join lateral (
        select o.* from units o where (i.keep_location or not i.active) and o.ror_id = i.ror_id offset 0
      ) o on true
      on conflict (ror_id) do update set
        establishment_id = excluded.establishment_id, ror_location_id = excluded.ror_location_id,
        name = excluded.name, kind = excluded.kind, offer_type = excluded.offer_type,
        activity_field = excluded.activity_field, operational_activities = excluded.operational_activities,
        care_modes = excluded.care_modes, publics = excluded.publics, capacity = excluded.capacity,
        capacity_unit = excluded.capacity_unit, capacities = excluded.capacities,
        ror_resources = excluded.ror_resources, ror_comfort_services = excluded.ror_comfort_services,
        ror_last_updated = excluded.ror_last_updated, closed_at = excluded.closed_at, updated_at = excluded.updated_at
      where (u.establishment_id, u.ror_location_id, u.name, u.kind, u.offer_type, u.activity_field,
             u.operational_activities, u.care_modes, u.publics, u.capacity, u.capacity_unit, u.capacities,
             u.ror_resources, u.ror_comfort_services, u.ror_last_updated, u.closed_at)
        is distinct from
            (excluded.establishment_id, excluded.ror_location_id, excluded.name, excluded.kind, excluded.offer_type,
             excluded.activity_field, excluded.operational_activities, excluded.care_modes, excluded.publics,
             excluded.capacity, excluded.capacity_unit, excluded.capacities, excluded.ror_resources,
             excluded.ror_comfort_services, excluded.ror_last_updated, excluded.closed_at)
      returning (xmax = 0) as inserted, (xmax <> 0 and u.closed_at = ${now}::timestamptz) as just_closed)
      select count(*) filter (where inserted)::int as inserted,
        count(*) filter (where not inserted and just_closed is true)::int as closed,
        count(*) filter (where not inserted and just_closed is not true)::int as updated
      from w`.execute(trx);
    const counts = written.rows[0] ?? { inserted: 0, closed: 0, updated: 0 };
    result.created += counts.inserted;
    result.closed += counts.closed;
    result.updated += counts.updated;

    // The units that could not be written (their establishment is not in the directory): only
    // those come back. From staging, a unit is left out only when its establishment is missing, so
    // only the units of the batch's establishments not written just now are looked for (none, as a
    // rule: 100,000 lookups saved on a full load).
    const incomingIds = new Set(staged ? (batch.stagedEstablishments?.rorIds ?? []) : []);
    const suspects = unitKeys.filter(
      (u) => !incomingIds.has(u.establishment_ror_id) || unwritten.has(u.establishment_ror_id),
    );
    const missing =
      suspects.length === 0
        ? { rows: [] }
        : await sql<{ ror_id: string; establishment_ror_id: string }>`
      select k.ror_id, k.establishment_ror_id
      from unnest(${suspects.map((u) => u.ror_id)}::text[], ${suspects.map((u) => u.establishment_ror_id)}::text[])
        as k(ror_id, establishment_ror_id)
      where not exists (select 1 from units u where u.ror_id = k.ror_id)`.execute(trx);
    for (const u of missing.rows) {
      result.failures.push({
        resourceType: 'HealthcareService',
        resourceId: u.ror_id,
        reason: `établissement « ${u.establishment_ror_id} » absent de l’annuaire : l’unité n’a pas pu être rattachée`,
      });
    }
    result.unchanged += unitKeys.length - missing.rows.length - counts.inserted - counts.closed - counts.updated;
  }

  // An establishment the ROR made inactive (or closed) closes its units too: those the batch
  // carries are written closed above, the others (a delta carries only what changed) here.
  if (incoming > 0) {
    const closedUnits = await sql`
      update units u set closed_at = ${now}, updated_at = ${now}
      from establishments e join ror_incoming_establishments x on x.ror_id = e.ror_id and not x.active
      where u.establishment_id = e.id and u.closed_at is null and e.closed_at is not null`.execute(trx);
    result.closed += Number(closedUnits.numAffectedRows ?? 0);
  }

  if (batch.completeEstablishments.length > 0) {
    // The establishments' open units the batch does not name: read by index, filtered here (a
    // NOT IN over the batch's names, planned on a first load's empty statistics, compared each
    // unit with every name: 70 s at 100,000 units).
    const keep = new Set([...unitKeys.map((u) => u.ror_id), ...batch.seenUnitIds]);
    const owners = await sql<{ id: string }>`
      select id from establishments where ror_id = any(${batch.completeEstablishments}::text[])`.execute(trx);
    const open = await sql<{ id: string; ror_id: string }>`
      select id, ror_id from units
      where establishment_id = any(${owners.rows.map((o) => o.id)}::uuid[])
        and ror_id is not null and closed_at is null`.execute(trx);
    const gone = open.rows.filter((u) => !keep.has(u.ror_id)).map((u) => u.id);
    if (gone.length > 0) {
      const closed = await sql`
        update units set closed_at = ${now}, updated_at = ${now} where id = any(${gone}::uuid[])`.execute(trx);
      result.closed += Number(closed.numAffectedRows ?? 0);
    }
  }
  result.errors = result.failures.length;
  return result;
}

/**
 * The batch's establishments, as rows of the transaction's `ror_incoming_establishments`: from the
 * full load's staging (read in SQL, never through JavaScript), or from the rows a delta mapped.
 * Answers how many.
 */
async function fillIncomingEstablishments(trx: Transaction<DB>, batch: MergeBatch): Promise<number> {
  const staged = batch.stagedEstablishments;
  if (!staged && batch.establishments.length === 0) return 0;
  await sql`drop table if exists ror_incoming_establishments`.execute(trx);
  await sql`
    create temp table ror_incoming_establishments (
      ror_id text, finess text, name text, legal_entity_finess text, legal_entity_name text, category text,
      category_code text, address text, postal_code text, city text, departement text, phone text, email text,
      ror_last_updated timestamptz, active boolean) on commit drop`.execute(trx);
  const filled = staged
    ? await sql`
      insert into ror_incoming_establishments
      select eg.ror_id, eg.finess, eg.name, ej.finess, ej.name, coalesce(eg.category, ''), eg.category_code,
        eg.address, eg.postal_code, eg.city, eg.departement, eg.phone, eg.email, eg.last_updated, eg.active
      from unnest(${staged.rorIds}::text[]) as p(id)
      -- Each of the batch's EGs looked up by its key (see stagedIncoming).
      cross join lateral (
        select o.* from ror_sync_staging o
        where o.run_id = ${staged.runId}::uuid and o.resource_type = 'Organization' and o.ror_id = p.id
        offset 0
      ) eg
      left join lateral (
        select j.finess, j.name from ror_sync_staging j
        where j.run_id = ${staged.runId}::uuid and j.resource_type = 'Organization' and j.ror_id = eg.part_of
          and j.level = 'EJ' and j.error is null
      ) ej on true`.execute(trx)
    : await sql`
      insert into ror_incoming_establishments
      select * from jsonb_to_recordset(${json(
        batch.establishments.map((e) => ({
          ror_id: e.rorId,
          finess: e.finess,
          name: e.name,
          legal_entity_finess: e.legalEntityFiness,
          legal_entity_name: e.legalEntityName,
          category: e.category,
          category_code: e.categoryCode,
          address: e.address,
          postal_code: e.postalCode,
          city: e.city,
          departement: e.departement,
          phone: e.phone,
          email: e.email,
          ror_last_updated: e.rorLastUpdated,
          active: e.active,
        })),
      )}) as x(
        ror_id text, finess text, name text, legal_entity_finess text, legal_entity_name text, category text,
        category_code text, address text, postal_code text, city text, departement text, phone text, email text,
        ror_last_updated timestamptz, active boolean)`.execute(trx);
  return Number(filled.numAffectedRows ?? 0);
}

/**
 * The incoming units of a full load's batch, from its staged services and places: the columns
 * ror-mapping's unitRow gives (the place's equipment added to the ROR resources once each, after
 * them; the later lastUpdated of service and place; `keep_location` when a place is named but none
 * could be read).
 */
function stagedIncoming(staged: NonNullable<MergeBatch['stagedUnits']>) {
  const { runId, serviceIds, establishmentRorIds } = staged;
  return sql`
    select x.ror_id, e.id as establishment_id, l.ror_id as ror_location_id, x.name, x.kind, x.offer_type,
      x.activity_field, coalesce(x.operational_activities, '{}') as operational_activities,
      coalesce(x.care_modes, '{}') as care_modes, coalesce(x.publics, '{}') as publics, l.capacity,
      l.capacity_unit, coalesce(l.capacities, '[]'::jsonb) as capacities,
      -- The place's equipment is distinct already (ror-mapping's mapLocation): most places have none,
      -- and only those with some pay for the subquery.
      coalesce(x.ror_resources, '{}') || case when cardinality(l.equipment) > 0 then array(
        select 'equipement:' || t.code from unnest(l.equipment) with ordinality as t(code, n)
        where not ('equipement:' || t.code = any(coalesce(x.ror_resources, '{}'))) order by t.n) else '{}' end
        as ror_resources,
      coalesce(x.ror_comfort_services, '{}') as ror_comfort_services,
      greatest(x.last_updated, l.last_updated) as ror_last_updated,
      x.active and e.closed_at is null as active,
      l.ror_id is null and cardinality(coalesce(x.location_ids, '{}')) > 0 as keep_location
    from unnest(${serviceIds}::text[], ${establishmentRorIds}::text[]) as p(sid, eg)
    -- Each of the batch's services looked up by its key (offset 0 keeps the lookup a lookup): left
    -- to itself the planner joins on every service the load staged.
    cross join lateral (
      select s.* from ror_sync_staging s
      where s.run_id = ${runId}::uuid and s.resource_type = 'HealthcareService' and s.ror_id = p.sid
      offset 0
    ) x
    left join lateral (
      select lo.* from unnest(x.location_ids) with ordinality as li(id, n)
      join ror_sync_staging lo on lo.run_id = ${runId}::uuid and lo.resource_type = 'Location' and lo.ror_id = li.id
      where lo.error is null
      order by li.n limit 1
    ) l on true
    join establishments e on e.ror_id = p.eg`;
}

/**
 * After a full load: what the ROR no longer has is closed (never deleted: habilitations keep
 * pointing at it). `seen` is a query of the ROR ids the load read, errors included.
 */
export async function closeUnseen(
  trx: Transaction<DB>,
  runId: string,
  now: Date,
  which: { units: boolean; establishments: boolean } = { units: true, establishments: true },
): Promise<{ establishments: number; units: number }> {
  const none = { numAffectedRows: 0n };
  // The statistics of `units` and `establishments` are those of before the merge (empty, on a first
  // load): the planner then looks each row up in staging, 100,000 index probes (0.5 s) where one
  // hash of the staged ids costs a tenth.
  await sql`set local enable_nestloop = off`.execute(trx);
  const units = !which.units
    ? none
    : await sql`
    update units u set closed_at = ${now}, updated_at = ${now}
    where u.ror_id is not null and u.closed_at is null
      and not exists (select 1 from ror_sync_staging s
                      where s.run_id = ${runId} and s.resource_type = 'HealthcareService' and s.ror_id = u.ror_id)`.execute(
        trx,
      );
  const establishments = !which.establishments
    ? none
    : await sql`
    update establishments e set closed_at = ${now}, updated_at = ${now}
    where e.ror_id is not null and e.closed_at is null
      and not exists (select 1 from ror_sync_staging s
                      where s.run_id = ${runId} and s.resource_type = 'Organization' and s.ror_id = e.ror_id)`.execute(
        trx,
      );
  await sql`reset enable_nestloop`.execute(trx);
  return { establishments: Number(establishments.numAffectedRows ?? 0), units: Number(units.numAffectedRows ?? 0) };
}
