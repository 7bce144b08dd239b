import { fitTails } from './tail-budget';

describe('fitTails', () => {
  it('leaves tails within budget alone', () => {
    expect(fitTails([['a', 'b'], ['c']], 100)).toEqual([['a', 'b'], ['c']]);
  });

  it('shares the budget and keeps the newest lines of each tail', () => {
    const long = ['1111', '2222', '3333'];
    expect(fitTails([long, long], 17)).toEqual([
      ['2222', '3333'],
      ['2222', '3333'],
    ]);
  });

  it('drops a tail entirely when its share is smaller than its last line', () => {
    expect(fitTails([['toolong']], 3)).toEqual([[]]);
  });

  it('handles no tails', () => {
    expect(fitTails([], 10)).toEqual([]);
  });
});
