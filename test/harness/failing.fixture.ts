// Fails on purpose. test/clean-clone.sh runs it alone (the suite's testMatch does not
// match it) to check that a failing `npm test` still removes its temp folders.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

it('fails after writing into its n8n user folder', () => {
	const file = join(process.env.N8N_USER_FOLDER as string, 'left-behind.txt');
	writeFileSync(file, 'the global teardown removes this');
	expect(file).toBe('a test that passed');
});
