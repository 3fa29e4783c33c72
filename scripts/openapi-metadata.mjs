// Writes src/metadata.ts: what the @nestjs/swagger plugin reads from the TypeScript types (DTO and
// response classes' properties, class-validator constraints, controller methods' return types).
// Generated rather than compiled in by the plugin because the tests run the sources through SWC,
// which runs no TypeScript plugin; the app loads this file (SwaggerModule.loadPluginMetadata).
import { PluginMetadataGenerator } from '@nestjs/cli/lib/compiler/plugins/plugin-metadata-generator.js';
import { ReadonlyVisitor } from '@nestjs/swagger/plugin';
import { writeFileSync } from 'node:fs';

// The generator type-checks the whole program: a stale metadata file (naming a class since renamed)
// must not stop it, so it starts from an empty one.
writeFileSync('src/metadata.ts', 'export default async () => ({});\n');

new PluginMetadataGenerator().generate({
  visitors: [
    new ReadonlyVisitor({
      pathToSource: `${process.cwd()}/src`,
      esmCompatible: true,
      classValidatorShim: true,
      // English doc comments stay for developers; summaries are written in Chinese with @ApiOperation.
      introspectComments: false,
      dtoFileNameSuffix: ['.dto.ts', '.responses.ts', 'item-filters.ts', 'pagination.ts'],
    }),
  ],
  outputDir: `${process.cwd()}/src`,
  tsconfigPath: 'tsconfig.json',
  filename: 'metadata.ts',
  printDiagnostics: false,
});
