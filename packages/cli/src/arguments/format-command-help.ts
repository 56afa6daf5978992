import type { CommandDefinition, OptionSpecs } from './command-definition.js';

export function formatCommandHelp(command: CommandDefinition<OptionSpecs>): string {
  const lines = [`Usage: rtenv ${command.usage}`, '', command.summary];
  if (command.details) lines.push('', command.details.trimEnd());
  const optionLines = Object.entries(command.options).map(([name, spec]) => {
    const short = spec.short ? `-${spec.short}, ` : '    ';
    const value = spec.type === 'string' ? ` ${spec.valueName ?? 'VALUE'}` : '';
    return { left: `  ${short}--${name}${value}`, right: spec.description };
  });
  optionLines.push({ left: '  -h, --help', right: 'show this help' });
  const width = Math.max(...optionLines.map((line) => line.left.length)) + 2;
  lines.push('', 'Options:', ...optionLines.map((line) => `${line.left.padEnd(width)}${line.right}`));
  return `${lines.join('\n')}\n`;
}
