import { welcomeEmail } from './welcome-email';

describe('welcomeEmail', () => {
  it('addresses the user by name in subject, text and html', () => {
    const message = welcomeEmail('jake@example.com', 'jake');
    expect(message.to).toBe('jake@example.com');
    expect(message.subject).toBe('Welcome to Conduit, jake');
    expect(message.text).toContain('Hi jake,');
    expect(message.html).toContain('<p>Hi jake,</p>');
  });

  it('escapes a username that looks like HTML', () => {
    const message = welcomeEmail('x@example.com', '<b>"x"&</b>');
    expect(message.html).toContain('Hi &lt;b&gt;&quot;x&quot;&amp;&lt;/b&gt;,');
    expect(message.html).not.toContain('<b>');
  });
});
