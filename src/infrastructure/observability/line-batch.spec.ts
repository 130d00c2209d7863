import { LineBatch, type TextSink } from './line-batch';

function recordingSink(): TextSink & { writes: string[]; flushes: number } {
  const sink = {
    writes: [] as string[],
    flushes: 0,
    write(text: string): boolean {
      sink.writes.push(text);
      return true;
    },
    flush(callback: (error?: Error | null) => void): void {
      sink.flushes += 1;
      callback();
    },
  };
  return sink;
}

describe('LineBatch', () => {
  it('hands lines over in one write once the batch is full, in order', () => {
    const sink = recordingSink();
    const batch = new LineBatch(sink, 10);
    batch.write('abcd\n');
    expect(sink.writes).toEqual([]);
    batch.write('efgh\n');
    expect(sink.writes).toEqual(['abcd\nefgh\n']);
    batch.write('ijkl\n');
    expect(sink.writes).toEqual(['abcd\nefgh\n']);
  });

  it('flush() hands over what is gathered, and with a callback waits for the sink', () => {
    const sink = recordingSink();
    const batch = new LineBatch(sink, 1_000);
    batch.write('one\n');
    batch.flush();
    expect(sink.writes).toEqual(['one\n']);
    batch.flush();
    expect(sink.writes).toEqual(['one\n']);
    batch.write('two\n');
    const done = jest.fn();
    batch.flush(done);
    expect(sink.writes).toEqual(['one\n', 'two\n']);
    expect(sink.flushes).toBe(1);
    expect(done).toHaveBeenCalledTimes(1);
  });

  it('a sink that throws (closed at exit) loses that batch but never throws to the logger', () => {
    const batch = new LineBatch(
      {
        write: () => {
          throw new Error('SonicBoom destroyed');
        },
      },
      1,
    );
    expect(() => batch.write('line\n')).not.toThrow();
    expect(() => batch.flush()).not.toThrow();
  });
});
