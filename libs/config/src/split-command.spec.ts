import { CommandSyntaxError } from './errors';
import { splitCommand } from './split-command';

describe('splitCommand', () => {
  it.each([
    ['node examples/demo-app/dist/main.js', ['node', 'examples/demo-app/dist/main.js']],
    ['  node   a.js\tb  ', ['node', 'a.js', 'b']],
    [`node -e 'console.log("hi there")'`, ['node', '-e', 'console.log("hi there")']],
    [`echo "a \\"quoted\\" \\$HOME \\n"`, ['echo', 'a "quoted" $HOME \\n']],
    [`say hello\\ world`, ['say', 'hello world']],
    [`x "" ''`, ['x', '', '']],
    [`a"b c"'d'`, ['ab cd']],
    ['', []],
  ])('%s', (command, words) => {
    expect(splitCommand(command)).toEqual(words);
  });

  it('names an unclosed quote', () => {
    expect(() => splitCommand(`node -e 'oops`)).toThrow(new CommandSyntaxError(`node -e 'oops`, 'the single quote is never closed'));
    expect(() => splitCommand('echo "oops')).toThrow(/double quote is never closed/);
  });

  it('names a trailing backslash', () => {
    expect(() => splitCommand('echo \\')).toThrow(/lone backslash/);
  });
});
