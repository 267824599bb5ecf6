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
}

/** A button of the actions column: its accessible name for a row, and what it does. */
export interface RowAction<H> {
  label: (h: H) => string;
  onClick: (h: H) => void;
}

/**
 * The columns shown, each with its header; they always come in this order. The holder's last
 * name heads each row when the holder is shown, the profile otherwise.
 */
export interface HabilitationColumns<H> {
  holder?: { lastName: string; firstName: string; username: string };
  profile: string;
  domain?: string;
  /** The establishment, followed by its département when `departement` words it. */
  establishment?: { header: string; departement?: (code: string) => string };
  /** The unit or admission desk, or `whole` for the whole establishment. */
  unit?: { header: string; whole: string };
  /** Unit or desk, then establishment, in one column. */
  place?: string;
  startsOn: string;
  /** With the orange or red of a near end, and its words, when `expiry`. */
  endsOn: { header: string; expiry?: boolean };
  state?: { header: string; active: string; inactive: string };
  /** « Réception des e-mails »: the box is put back when the change fails. */
  emails?: {
    header: string;
    label: (h: H) => string;
    onChange: (h: H, receiveEmails: boolean) => Promise<Outcome<unknown>>;
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
