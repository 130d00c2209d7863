import type { MailMessage } from '../../infrastructure/mail/mailer';

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Usernames are user input: they are escaped before they go into HTML. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => HTML_ESCAPES[character] ?? character);
}

/** The welcome email, in text and HTML, addressed by username. */
export function welcomeEmail(to: string, username: string): MailMessage {
  const name = escapeHtml(username);
  return {
    to,
    subject: `Welcome to Conduit, ${username}`,
    text: `Hi ${username},\n\nWelcome to Conduit! Your account is ready: write your first article, follow authors you like and favorite what you enjoy.\n\nThe Conduit team\n`,
    html: `<p>Hi ${name},</p><p>Welcome to Conduit! Your account is ready: write your first article, follow authors you like and favorite what you enjoy.</p><p>The Conduit team</p>`,
  };
}
