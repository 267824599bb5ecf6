export { DEMO_ACCOUNTS, DEMO_PASSWORD, type DemoAccount, type DemoHabilitation } from './accounts';
export {
  type CapacityUnit,
  capacityUnitOf,
  DATASET_SEED,
  DEMO_ESTABLISHMENTS,
  type Directory,
  type DirectoryDesk,
  type DirectoryEstablishment,
  type DirectoryUnit,
  generateDirectory,
  UNIT_KINDS,
  type UnitKind,
} from './dataset';
export { writeDirectory } from './directory';
export { DEFAULT_DEMO_ESTABLISHMENTS, isSeeded, type SeedProgress, seedDemoData } from './seed';
