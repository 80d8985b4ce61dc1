import { readCliOptions } from './cli-options.js';

describe(readCliOptions.name, () => {
  it('starts the demo by default: admin-center-outage in real time on fixed loopback ports', () => {
    expect(readCliOptions([], {})).toEqual({
      help: false,
      logLevel: 'warn',
      simulator: {
        scenario: 'admin-center-outage',
        host: '127.0.0.1',
        ports: { graph: 7443, statusSite: 7480, x: 7490, receivers: 7500, smtp: 7525 },
        startsAt: undefined,
        loop: false,
        clock: 'realtime',
        speed: 1,
        workDir: undefined,
      },
    });
  });

  it('takes options before SIMULATOR_* variables', () => {
    const options = readCliOptions(
      [
        '--scenario',
        'quiet-day',
        '--loop',
        '--speed',
        '10',
        '--x-port',
        '0',
        '--paused',
        '--smtp-port',
        '2525',
      ],
      {
        SIMULATOR_SCENARIO: 'flaky-upstreams',
        SIMULATOR_GRAPH_PORT: '9443',
        SIMULATOR_X_PORT: '9490',
        SIMULATOR_RECEIVERS_PORT: '9500',
      },
    );

    expect(options.simulator).toMatchObject({
      scenario: 'quiet-day',
      loop: true,
      speed: 10,
      clock: 'manual',
      ports: { graph: 9443, statusSite: 7480, x: 0, receivers: 9500, smtp: 2525 },
    });
  });

  it.each([
    [['--graph-port', 'https'], /--graph-port \(SIMULATOR_GRAPH_PORT\) must be a port number/],
    [['--speed', '0'], /--speed .* must be a positive number/],
    [['--starts-at', 'noon'], /--starts-at must be an ISO date-time/],
    [['--log-level', 'loud'], /--log-level must be one of/],
    [['--sceanrio', 'x'], /Unknown option '--sceanrio'/],
  ])('refuses %p', (argv, message) => {
    expect(() => readCliOptions(argv, {})).toThrow(message);
  });
});
