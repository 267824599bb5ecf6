export { createSmtpMailer, type Mailer, type OutgoingMail } from './mailer';
export * from './templates';
export * from './sms';
