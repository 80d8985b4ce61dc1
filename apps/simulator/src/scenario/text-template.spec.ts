import { microsoftTime, renderText, templateProblems } from './text-template.js';

describe(renderText.name, () => {
  const origin = Date.parse('2026-11-20T10:00:00Z');

  it('renders {{time <offset>}} as Microsoft writes times', () => {
    expect(renderText('Next update by: {{time 1h}}', origin)).toBe(
      'Next update by: Friday, November 20, 2026, at 11:00 AM UTC',
    );
    expect(renderText('Start time: {{ time -10h30m }}', origin)).toBe(
      'Start time: Thursday, November 19, 2026, at 11:30 PM UTC',
    );
  });

  it('writes noon and midnight as 12', () => {
    expect(microsoftTime(Date.parse('2026-11-20T12:05:00Z'))).toBe(
      'Friday, November 20, 2026, at 12:05 PM UTC',
    );
    expect(microsoftTime(Date.parse('2026-11-21T00:00:00Z'))).toBe(
      'Saturday, November 21, 2026, at 12:00 AM UTC',
    );
  });

  it('reports templates whose offset does not parse', () => {
    expect(templateProblems('{{time 1h}} and {{time later}}')).toEqual([
      '{{time later}} needs an offset such as 90, 45m or -1h30m',
    ]);
  });
});
