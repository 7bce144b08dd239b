import { LineTail } from './line-tail';

describe('LineTail', () => {
  it('joins chunks into lines and keeps only the last ones', () => {
    const tail = new LineTail(3, 100);
    tail.push('one\ntw');
    tail.push('o\nthree\nfour\n');
    expect(tail.snapshot()).toEqual(['two', 'three', 'four']);
    expect(tail.last()).toBe('four');
  });

  it('includes an unterminated last line', () => {
    const tail = new LineTail(5, 100);
    tail.push('done\npartial');
    expect(tail.snapshot()).toEqual(['done', 'partial']);
  });

  it('drops blank lines and handles CRLF', () => {
    const tail = new LineTail(5, 100);
    tail.push('a\r\n\r\n  \nb\r\n');
    expect(tail.snapshot()).toEqual(['a', 'b']);
  });

  it('cuts long lines and never buffers an endless one', () => {
    const tail = new LineTail(5, 4);
    tail.push('abcdefgh\n');
    tail.push('x'.repeat(10));
    expect(tail.snapshot()).toEqual(['abcd…', 'xxxx…']);
  });

  it('has no last line when nothing was written', () => {
    expect(new LineTail(5, 10).last()).toBeNull();
  });
});
