import { decodeCursor, encodeCursor } from './page-cursor';

describe('page cursors', () => {
  it('round-trips a position', () => {
    const position = { createdAt: '2026-12-01T04:30:00.123Z', id: 42 };
    const cursor = encodeCursor(position);
    expect(cursor).toMatch(/^[\w-]+$/);
    expect(decodeCursor(cursor)).toEqual(position);
  });

  it.each([
    ['not base64url', '!!!'],
    ['not JSON', Buffer.from('{oops').toString('base64url')],
    ['no id', Buffer.from('{"t":"2026-12-01T04:30:00.123Z"}').toString('base64url')],
    ['a bad time', Buffer.from('{"t":"yesterday","i":1}').toString('base64url')],
    [
      'an impossible time',
      Buffer.from('{"t":"2026-13-41T04:30:00.123Z","i":1}').toString('base64url'),
    ],
    [
      'an id out of range',
      Buffer.from('{"t":"2026-12-01T04:30:00.123Z","i":2147483648}').toString('base64url'),
    ],
    ['too long', 'a'.repeat(201)],
  ])('refuses %s', (_case, cursor) => {
    expect(decodeCursor(cursor)).toBeUndefined();
  });
});
