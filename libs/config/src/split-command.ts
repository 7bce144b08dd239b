import { CommandSyntaxError } from './errors';

/**
 * Split a command line into words the way a POSIX shell would, without expanding anything:
 * whitespace separates words, '...' is literal, "..." allows \" \\ \$ and \` escapes, and a
 * backslash outside quotes escapes the next character.
 */
export function splitCommand(command: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: "'" | '"' | null = null;
  for (let i = 0; i < command.length; i++) {
    const c = command[i]!;
    if (quote === "'") {
      if (c === "'") quote = null;
      else word += c;
    } else if (quote === '"') {
      if (c === '"') quote = null;
      else if (c === '\\' && i + 1 < command.length && '"\\$`'.includes(command[i + 1]!)) word += command[++i];
      else word += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      inWord = true;
    } else if (c === '\\') {
      if (i + 1 === command.length) throw new CommandSyntaxError(command, 'it ends with a lone backslash');
      word += command[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (quote) throw new CommandSyntaxError(command, `the ${quote === "'" ? 'single' : 'double'} quote is never closed`);
  if (inWord) words.push(word);
  return words;
}
