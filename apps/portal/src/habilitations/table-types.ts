import type { Outcome } from '../lib/errors';
import type { ReviewDirection, ReviewSort } from './queries';

// The table's types, apart from its components so that the table and its rows both import them.

/** A habilitation as the tables get it; the columns shown say which of the optional fields they read. */
export interface TableHabilitation {
  id: string;
  profileLabel: string;
  level: 'ESTABLISHMENT' | 'UNIT' | 'ADMISSION_DESK';
  establishmentName: string;
  unitName: string | null;
  /** The unit is closed: shown « Unité fermée » beside its name. */
  unitClosed?: boolean;
  admissionDeskName: string | null;
  startsOn: string;
  endsOn: string;
  domain?: string;
  departement?: string;
  expiry?: 'RED' | 'ORANGE' | null;
  active?: boolean;
  receiveEmails?: boolean;
  privileges?: readonly string[];
  lastName?: string;
  firstName?: string;
  username?: string;
  /** Where it stands today: an ended one is shown « Terminée », one ending today says so. */
  state?: 'UPCOMING' | 'ACTIVE' | 'ENDS_TODAY' | 'ENDED';
}

/** A button of the actions column: its accessible name for a row, what it does, and whether the row offers it. */
export interface RowAction<H> {
  label: (h: H) => string;
  onClick: (h: H) => void;
  /** Only the actions the viewer may take are shown (the server says which); all when absent. */
  offered?: (h: H) => boolean;
}

/**
 * The columns shown, each with its header; they always come in this order. The holder (name,
 * then username, in one cell) heads each row when shown, the profile otherwise.
 */
export interface HabilitationColumns<H> {
  holder?: { header: string };
  profile: string;
  domain?: string;
  /** The establishment, followed by its département when `departement` words it. */
  establishment?: { header: string; departement?: (code: string) => string };
  /** The unit or admission desk, or `whole` for the whole establishment. */
  unit?: { header: string; whole: string };
  /** Unit or desk (or `whole` for the whole establishment), then establishment, in one column. */
  place?: { header: string; whole: string };
  startsOn: string;
  /** With the orange or red of a near end, and its words, and « Terminée » once ended, when `expiry`. */
  endsOn: { header: string; expiry?: boolean };
  state?: { header: string; active: string; inactive: string };
  /** « Réception des e-mails »: the box is put back when the change fails. */
  emails?: {
    header: string;
    label: (h: H) => string;
    onChange: (h: H, receiveEmails: boolean) => Promise<Outcome<unknown>>;
    /** A row the viewer may not change shows the box, read only. */
    offered?: (h: H) => boolean;
  };
  /** « Droits »: the privilege lines, shown on demand. */
  privileges?: { header: string; who: (h: H) => string };
  /** The calendar and the cross; the header is read by screen readers only. */
  actions?: { header: string; changeEnd?: RowAction<H>; remove?: RowAction<H> } | undefined;
}

/** The review's order: its headers become buttons that sort. */
export interface TableSort {
  by: ReviewSort;
  direction: ReviewDirection;
  onSort: (by: ReviewSort) => void;
}
