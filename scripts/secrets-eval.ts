/**
 * `npm run eval:secrets`: precision / recall of the secret rules on the labelled fixture files
 * (test/fixtures/secrets and test/fixtures/secrets-rules), next to secretlint's recommended preset
 * on the same texts, in one run. Scoring: see test/helpers/secrets-eval.ts.
 */
import { combine, datasets, formatCombined, formatTable, runSecretRules, runSecretlint, type ToolScore } from '../test/helpers/secrets-eval';

async function main(): Promise<void> {
  const ours: ToolScore[] = [];
  const theirs: ToolScore[] = [];
  for (const ds of datasets()) {
    const a = (await runSecretRules(ds)).score;
    const b = await runSecretlint(ds);
    ours.push(a);
    theirs.push(b);
    console.log(formatTable(ds, [a, b]));
    console.log('');
  }
  console.log('All data sets (line-level):');
  console.log(formatCombined([combine('serverless-guard', ours), combine('secretlint (preset-recommend)', theirs)]));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
