// Every command and option of the command line has its help in both languages. Option help is named
// after the option's flags (src/adapters/cli/context.ts, subcommand), which the compiler cannot check:
// a missing word would show the raw key ("cli.help.serviceType") in `certbell … --help`.
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../../src/adapters/cli/program.js';
import type { CliContext } from '../../../src/adapters/cli/context.js';
import { locales, translator } from '../../../src/adapters/i18n/translator.js';

function helpTexts(command: Command, path: string[] = []): { where: string; text: string }[] {
  const here = [...path, command.name()].join(' ');
  return [
    { where: here, text: command.description() },
    ...command.options.map((o) => ({ where: `${here} ${o.flags}`, text: o.description })),
    ...command.commands.flatMap((c) => helpTexts(c, [...path, command.name()])),
  ];
}

describe('the command line’s help', () => {
  for (const locale of locales) {
    it(`has words for every command and option in ${locale}`, () => {
      const tr = translator(locale);
      const context = { tr, io: { out: () => undefined, err: () => undefined }, actor: 'tester' } as unknown as CliContext;
      const texts = helpTexts(buildProgram(context));
      expect(texts.length).toBeGreaterThan(60);
      expect(texts.filter((t) => !t.text || /^cli\./.test(t.text)).map((t) => t.where)).toEqual([]);
    });
  }
});
