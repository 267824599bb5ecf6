import { type Kysely, sql } from 'kysely';

// Frozen in time: never import application code here (hence no typed schema).
export async function up(db: Kysely<unknown>): Promise<void> {
  // The directory synchronised from the ROR extends the tables habilitations already point at:
  // one copy of each establishment and unit. `ror_id` is the FHIR resource id the ROR names it by
  // (the entité géographique's Organization, the unit's HealthcareService); null for a place the
  // ROR does not know. Which columns the ROR manages is a rule of the domain package
  // (`ROR_MANAGED_FIELDS`), not of the schema: the local ones are never written by a sync.
  await sql`
    alter table establishments
      add column ror_id text unique,
      add column legal_entity_finess char(9),
      add column legal_entity_name text,
      add column category_code text,
      add column description text not null default '',
      add column access_itinerary text not null default '',
      add column ror_sync_state text not null default 'NOT_SYNCHRONISED'
        check (ror_sync_state in ('SYNCHRONISED', 'NOT_SYNCHRONISED', 'ERROR')),
      add column ror_sync_error text,
      add column ror_synced_at timestamptz,
      add column ror_last_updated timestamptz,
      add column closed_at timestamptz,
      add column updated_at timestamptz not null default now();

    alter table units
      add column ror_id text unique,
      add column ror_location_id text,
      add column internal_code text not null default '',
      add column description text not null default '',
      add column offer_type text,
      add column activity_field text,
      add column operational_activities text[] not null default '{}',
      add column care_modes text[] not null default '{}',
      add column publics text[] not null default '{}',
      add column capacity integer check (capacity >= 0),
      add column capacity_unit text check (capacity_unit in ('BEDS', 'PLACES')),
      add column capacities jsonb not null default '[]',
      add column ror_resources text[] not null default '{}',
      add column local_resources text[] not null default '{}',
      add column ror_comfort_services text[] not null default '{}',
      add column local_comfort_services text[] not null default '{}',
      add column pathologies text[] not null default '{}',
      add column filiere text not null default '',
      add column coverage text[] not null default '{}',
      add column ror_last_updated timestamptz,
      add column closed_at timestamptz,
      add column updated_at timestamptz not null default now();
    create index units_establishment_name_idx on units (establishment_id, name);

    alter table admission_desks
      add column closed_at timestamptz,
      add column updated_at timestamptz not null default now();

    -- One row per sync run: what it was asked, how far it got (its checkpoint, so a worker
    -- killed mid-run resumes from the last page or file done) and its report.
    create table ror_sync_runs (
      id uuid primary key default gen_random_uuid(),
      kind text not null check (kind in ('FULL', 'DELTA', 'ESTABLISHMENT')),
      establishment_id uuid references establishments on delete cascade,
      requested_by uuid references accounts on delete set null,
      state text not null default 'QUEUED' check (state in ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED')),
      phase text,
      since timestamptz,
      until timestamptz,
      progress_done integer not null default 0,
      progress_total integer,
      created integer not null default 0,
      updated integer not null default 0,
      unchanged integer not null default 0,
      closed integer not null default 0,
      error_count integer not null default 0,
      checkpoint jsonb not null default '{}',
      failure text,
      queued_at timestamptz not null default now(),
      started_at timestamptz,
      finished_at timestamptz,
      duration_ms integer,
      check ((kind = 'ESTABLISHMENT') = (establishment_id is not null))
    );
    create index ror_sync_runs_recent_idx on ror_sync_runs (queued_at desc);
    create index ror_sync_runs_active_idx on ror_sync_runs (kind) where state in ('QUEUED', 'RUNNING');

    create table ror_sync_errors (
      id bigint generated always as identity primary key,
      run_id uuid not null references ror_sync_runs on delete cascade,
      resource_type text not null,
      resource_id text not null,
      reason text not null,
      occurred_at timestamptz not null default now()
    );
    create index ror_sync_errors_run_idx on ror_sync_errors (run_id, id);

    -- A full load first stages what it reads (mapped, not raw FHIR), file by file, then merges
    -- establishment by establishment. Unlogged: a crash loses nothing the ROR cannot serve again.
    create unlogged table ror_sync_staging (
      run_id uuid not null references ror_sync_runs on delete cascade,
      resource_type text not null check (resource_type in ('Organization', 'Location', 'HealthcareService')),
      ror_id text not null,
      part_of text,
      data jsonb not null,
      primary key (run_id, resource_type, ror_id)
    );

    -- The credential cache is dropped only when what it holds really changes: a sync that
    -- rewrites an unchanged establishment, or touches only local fields, must not empty it.
    drop trigger establishments_changed on establishments;
    drop trigger units_changed on units;
    drop trigger admission_desks_changed on admission_desks;
    create trigger establishments_changed after update on establishments for each row
      when ((old.name, old.departement, old.closed_at) is distinct from (new.name, new.departement, new.closed_at))
      execute function notify_credentials_changed();
    create trigger establishments_removed after delete or truncate on establishments
      for each statement execute function notify_credentials_changed();
    create trigger units_changed after update on units for each row
      when ((old.name, old.establishment_id, old.closed_at) is distinct from (new.name, new.establishment_id, new.closed_at))
      execute function notify_credentials_changed();
    create trigger units_removed after delete or truncate on units
      for each statement execute function notify_credentials_changed();
    create trigger admission_desks_changed after update on admission_desks for each row
      when ((old.name, old.establishment_id, old.closed_at) is distinct from (new.name, new.establishment_id, new.closed_at))
      execute function notify_credentials_changed();
    create trigger admission_desks_removed after delete or truncate on admission_desks
      for each statement execute function notify_credentials_changed();
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop trigger admission_desks_removed on admission_desks;
    drop trigger admission_desks_changed on admission_desks;
    drop trigger units_removed on units;
    drop trigger units_changed on units;
    drop trigger establishments_removed on establishments;
    drop trigger establishments_changed on establishments;
    create trigger establishments_changed after update of name, departement or delete or truncate on establishments
      for each statement execute function notify_credentials_changed();
    create trigger units_changed after update of name, establishment_id or delete or truncate on units
      for each statement execute function notify_credentials_changed();
    create trigger admission_desks_changed after update of name, establishment_id or delete or truncate on admission_desks
      for each statement execute function notify_credentials_changed();
    drop table ror_sync_staging;
    drop table ror_sync_errors;
    drop table ror_sync_runs;
    drop index units_establishment_name_idx;
    alter table admission_desks drop column closed_at, drop column updated_at;
    alter table units
      drop column ror_id, drop column ror_location_id, drop column internal_code, drop column description,
      drop column offer_type, drop column activity_field, drop column operational_activities,
      drop column care_modes, drop column publics, drop column capacity, drop column capacity_unit,
      drop column capacities, drop column ror_resources, drop column local_resources,
      drop column ror_comfort_services, drop column local_comfort_services, drop column pathologies,
      drop column filiere, drop column coverage, drop column ror_last_updated, drop column closed_at,
      drop column updated_at;
    alter table establishments
      drop column ror_id, drop column legal_entity_finess, drop column legal_entity_name,
      drop column category_code, drop column description, drop column access_itinerary,
      drop column ror_sync_state, drop column ror_sync_error, drop column ror_synced_at,
      drop column ror_last_updated, drop column closed_at, drop column updated_at;
  `.execute(db);
}
