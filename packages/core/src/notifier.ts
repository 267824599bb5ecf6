import type { Mailer, SmsSender } from '@trajectoire/notifications';

/** How the worker reaches people: mail, SMS, and the portal's address for links. */
export interface Notifier {
  mailer: Mailer;
  sms: SmsSender;
  /** e.g. https://trajectoire.example.fr — links in mails and SMS point there. */
  publicUrl: string;
}
