import { type Kysely, sql } from 'kysely';

// Frozen in time: never import application code here (hence no typed schema).

export async function up(db: Kysely<unknown>): Promise<void> {
  // A staged record in typed columns instead of one jsonb: Postgres no longer validates and builds
  // a jsonb of every record the COPY stages (about 1.4 s of its CPU for 360,000 records), nor takes
  // it apart again in the merge. Each column holds what ror-mapping's record of that type gives
  // (see core's stagedRowOf); `error` marks a resource the ROR has but that could not be mapped.
  await sql`
    alter table ror_sync_staging
      add column error text,
      add column level text,
      add column name text,
      add column finess text,
      add column category text,
      add column category_code text,
      add column address text,
      add column postal_code text,
      add column city text,
      add column departement text,
      add column phone text,
      add column email text,
      add column active boolean,
      add column last_updated timestamptz,
      add column kind text,
      add column offer_type text,
      add column activity_field text,
      add column operational_activities text[],
      add column care_modes text[],
      add column publics text[],
      add column ror_resources text[],
      add column ror_comfort_services text[],
      add column location_ids text[],
      add column capacity integer,
      add column capacity_unit text,
      add column capacities jsonb,
      add column equipment text[]`.execute(db);
  // Rows of a run staged before (a full load under way at the upgrade) keep what they said.
  await sql`
    update ror_sync_staging set
      error = data->>'error', level = data->>'level', name = data->>'name', finess = data->>'finess',
      category = data->>'category', category_code = data->>'categoryCode', address = data->>'address',
      postal_code = data->>'postalCode', city = data->>'city', departement = data->>'departement',
      phone = data->>'phone', email = data->>'email', active = (data->>'active')::boolean,
      last_updated = (data->>'lastUpdated')::timestamptz, kind = data->>'kind', offer_type = data->>'offerType',
      activity_field = data->>'activityField',
      operational_activities = array(select jsonb_array_elements_text(data->'operationalActivities')),
      care_modes = array(select jsonb_array_elements_text(data->'careModes')),
      publics = array(select jsonb_array_elements_text(data->'publics')),
      ror_resources = array(select jsonb_array_elements_text(data->'rorResources')),
      ror_comfort_services = array(select jsonb_array_elements_text(data->'rorComfortServices')),
      location_ids = array(select jsonb_array_elements_text(data->'locationIds')),
      capacity = (data->>'capacity')::integer, capacity_unit = data->>'capacityUnit', capacities = data->'capacities',
      equipment = array(select jsonb_array_elements_text(data->'equipment'))`.execute(db);
  await sql`alter table ror_sync_staging drop column data`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table ror_sync_staging add column data jsonb`.execute(db);
  await sql`
    update ror_sync_staging set data = case
      when error is not null then jsonb_build_object('error', error)
      when resource_type = 'Organization' then jsonb_build_object('rorId', ror_id, 'level', level, 'partOf', part_of,
        'finess', finess, 'name', name, 'categoryCode', category_code, 'category', category, 'address', address,
        'postalCode', postal_code, 'city', city, 'departement', departement, 'phone', phone, 'email', email,
        'active', active, 'lastUpdated', last_updated)
      when resource_type = 'Location' then jsonb_build_object('rorId', ror_id, 'capacity', capacity,
        'capacityUnit', capacity_unit, 'capacities', capacities, 'residentialCapacities', '[]'::jsonb,
        'equipment', to_jsonb(equipment), 'lastUpdated', last_updated)
      else jsonb_build_object('rorId', ror_id, 'name', name, 'providedBy', part_of, 'locationIds', to_jsonb(location_ids),
        'kind', kind, 'offerType', offer_type, 'activityField', activity_field,
        'operationalActivities', to_jsonb(operational_activities), 'careModes', to_jsonb(care_modes),
        'publics', to_jsonb(publics), 'rorResources', to_jsonb(ror_resources),
        'rorComfortServices', to_jsonb(ror_comfort_services), 'active', active, 'lastUpdated', last_updated)
      end`.execute(db);
  await sql`
    alter table ror_sync_staging alter column data set not null,
      drop column error, drop column level, drop column name, drop column finess, drop column category,
      drop column category_code, drop column address, drop column postal_code, drop column city,
      drop column departement, drop column phone, drop column email, drop column active, drop column last_updated,
      drop column kind, drop column offer_type, drop column activity_field, drop column operational_activities,
      drop column care_modes, drop column publics, drop column ror_resources, drop column ror_comfort_services,
      drop column location_ids, drop column capacity, drop column capacity_unit, drop column capacities,
      drop column equipment`.execute(db);
}
