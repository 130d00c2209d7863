import { nestLogLevels } from './nest-log-levels';

describe('nestLogLevels', () => {
  it('prints the chosen level and everything more severe', () => {
    expect(nestLogLevels('warn')).toEqual(['fatal', 'error', 'warn']);
    expect(nestLogLevels('info')).toEqual(['fatal', 'error', 'warn', 'log']);
    expect(nestLogLevels('trace')).toEqual(['fatal', 'error', 'warn', 'log', 'debug', 'verbose']);
  });
});
