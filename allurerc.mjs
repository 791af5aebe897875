// Allure 3 configuration for `npm run report` (scripts/report.ts): one offline HTML file built with
// the Awesome plugin, failures grouped by the categories of reporters/allure-categories.json (the
// same data the reporter writes as allure-results/categories.json for Allure 2). The reporter
// derives each failure's category from its recorded fields and labels the result with it
// (failureCategory); these rules match that label, never the message.
import { readFileSync } from 'node:fs';

const categories = JSON.parse(readFileSync(new URL('./reporters/allure-categories.json', import.meta.url), 'utf8'));
const CATEGORY_LABEL = 'failureCategory'; // reporters/allure-results.ts CATEGORY_LABEL

export default {
  name: 'Pterodactyl v0.7 conformance',
  output: './allure-report',
  categories: { rules: categories.map(({ id, name, matchedStatuses }) => ({ id, name, matchers: { statuses: matchedStatuses, labels: { [CATEGORY_LABEL]: `^${id}$` } } })) },
  plugins: {
    awesome: {
      options: {
        singleFile: true,
        reportName: 'Pterodactyl v0.7 conformance',
        reportLanguage: 'en',
        // The tree: API → category → describe block (the labels come from the behaviour metadata).
        groupBy: ['parentSuite', 'suite', 'subSuite'],
      },
    },
  },
};
