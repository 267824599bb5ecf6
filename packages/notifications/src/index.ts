export { createSmtpMailer, type Mailer, type OutgoingMail } from './mailer';
export * from './sms';
export * from './templates';
