import { runCli } from './run.js';

const io = {
  out: (text: string) => void process.stdout.write(text),
  err: (text: string) => void process.stderr.write(text),
  isTty: process.stdout.isTTY === true,
  errIsTty: process.stderr.isTTY === true,
};

process.exitCode = await runCli(process.argv.slice(2), io);
