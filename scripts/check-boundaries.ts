// `npm run lint`'s dependency check: what `depcruise --output-type err-long <paths>` prints, on Node 20
// too (see cruise.ts). Usage: tsx scripts/check-boundaries.ts core electron renderer
import { format } from 'dependency-cruiser';
import { cruiseWithProjectRules } from './boundaries/cruise.js';

const paths = process.argv.slice(2);
if (paths.length === 0) {
  console.error('usage: tsx scripts/check-boundaries.ts <folder>...');
  process.exit(2);
}
const report = await format(await cruiseWithProjectRules(paths, process.cwd()), { outputType: 'err-long' });
if (typeof report.output !== 'string') throw new Error('the err-long reporter returned no text');
process.stdout.write(report.output);
// The reporter's exit code is the number of errors, which a shell would wrap at 256.
process.exitCode = report.exitCode === 0 ? 0 : 1;
