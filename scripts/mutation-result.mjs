// Reads Stryker's JSON report(s) and prints per-file scores, then one last line:
//   RESULT mutation: score=S killed=K survived=V
// Score = detected / (detected + undetected), detected = killed + timeout, undetected = survived + no coverage.
// Several reports (module-by-module runs: `--mutate <file>` with a jsonReporter file each) are summed;
// a file present in more than one counts from the last one given.
import { readFileSync } from 'node:fs';

const paths = process.argv.length > 2 ? process.argv.slice(2) : ['reports/mutation/mutation.json'];
const files = new Map();
for (const path of paths) {
  const report = JSON.parse(readFileSync(path, 'utf8'));
  for (const [file, { mutants }] of Object.entries(report.files)) files.set(file, mutants);
}
let killed = 0;
let survived = 0;
for (const [file, mutants] of [...files].sort(([a], [b]) => a.localeCompare(b))) {
  const k = mutants.filter((m) => m.status === 'Killed' || m.status === 'Timeout').length;
  const s = mutants.filter((m) => m.status === 'Survived' || m.status === 'NoCoverage').length;
  killed += k;
  survived += s;
  const score = k + s ? ((100 * k) / (k + s)).toFixed(1) : 'n/a';
  process.stdout.write(`${file}: score=${score} killed=${k} survived=${s}\n`);
}
const score = killed + survived ? ((100 * killed) / (killed + survived)).toFixed(2) : '0';
process.stdout.write(`RESULT mutation: score=${score} killed=${killed} survived=${survived}\n`);
