import packageJson from '../../package.json' with { type: 'json' };

export const loupeVersion: string = packageJson.version;
