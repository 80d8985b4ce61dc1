import { fairShare } from './fair-share.js';

describe(fairShare.name, () => {
  it('gives every member an equal share, the remainder to the first ones, adding up to the sources', () => {
    const members = ['a', 'b', 'c'];
    expect(members.map((m) => fairShare(members, m, 1002))).toEqual([334, 334, 334]);
    expect(members.map((m) => fairShare(members, m, 4))).toEqual([2, 1, 1]);
    expect(members.map((m) => fairShare(members, m, 2))).toEqual([1, 1, 0]);
    expect(fairShare(['a'], 'a', 1002)).toBe(1002);
  });

  it('gives nothing to a process that is not a member (struck off, until it beats again)', () => {
    expect(fairShare(['a', 'b'], 'c', 10)).toBe(0);
  });
});
