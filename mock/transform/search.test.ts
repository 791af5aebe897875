import { beforeAll, describe, expect, it } from 'vitest';
import { PanelError } from '../errors/panel-error.ts';
import { MockPanel } from '../panel.ts';
import { caseBinding, likeMatches, relevanceSearch, SEARCH_WEIGHTS, searchTermOf, searchWords } from './search.ts';

let panel: MockPanel;
beforeAll(async () => {
  panel = await MockPanel.create();
});

const ids = (rows: { id: number }[]) => rows.map((r) => r.id);
const users = (term: string) => ids(relevanceSearch(panel.store, 'users', panel.store.all('users'), term));
const nodes = (term: string) => ids(relevanceSearch(panel.store, 'nodes', panel.store.all('nodes'), term));
const servers = (term: string) => ids(relevanceSearch(panel.store, 'servers', panel.store.all('servers'), term));

describe('search weights', () => {
  it('come from search-weights.yaml with the thresholds of sofa/eloquence-base', () => {
    const quarter = (t: keyof typeof SEARCH_WEIGHTS) => SEARCH_WEIGHTS[t].reduce((s, c) => s + c.weight, 0) / 4;
    expect(quarter('users')).toBe(110);
    expect(quarter('nodes')).toBe(6.5);
    expect(quarter('servers')).toBe(100);
    expect(SEARCH_WEIGHTS.servers.map((c) => c.mapping)).toContain('user.email');
  });
});

describe('the query parser', () => {
  it('splits on whitespace, keeps a quoted phrase as one word, wraps words in wildcards', () => {
    expect(searchWords('foo  bar')).toEqual(['*foo*', '*bar*']);
    expect(searchWords('"foo bar" baz')).toEqual(['*foo bar*', '*baz*']);
    expect(searchWords('a**b *c')).toEqual(['*a*b*', '*c*']);
    // A phrase needs two characters, and words glued to quotes are not words.
    expect(searchWords('"x"')).toEqual([]);
  });

  it('turns inner * into % and ? into _', () => {
    expect(caseBinding('*al*ph?a*')).toBe('al%ph_a');
  });

  it('LIKE is case- and accent-insensitive with %, _ and \\ escapes', () => {
    expect(likeMatches('Alpha', 'al%')).toBe(true);
    expect(likeMatches('Crème', '%CREME%')).toBe(true);
    expect(likeMatches('axb', 'a_b')).toBe(true);
    expect(likeMatches('axb', 'a\\_b')).toBe(false);
    expect(likeMatches('a_b', 'a\\_b')).toBe(true);
    expect(likeMatches('alpha', 'lph')).toBe(false);
  });
});

describe('user search (threshold 110)', () => {
  it('alpha finds alpha (exact), alphabet (prefix) and delta (email prefix), not betaalpha (username substring only)', () => {
    expect(users('alpha')).toEqual([3, 4, 6]);
    expect(users('ALPHA')).toEqual([3, 4, 6]);
  });

  it('betaalpha and alphabet find themselves', () => {
    expect(users('betaalpha')).toEqual([5]);
    expect(users('alphabet')).toEqual([4]);
  });

  it('a substring of two columns is enough (username + email), one is not', () => {
    // alpha / alphabet: substring of username and email (200); betaalpha: username only; delta: email only.
    expect(users('lpha')).toEqual([3, 4]);
  });

  it('words are alternatives: either user matches', () => {
    expect(users('jdoe msmith').sort((a, b) => a - b)).toEqual([7, 8]);
  });

  it('orders by score, best first', () => {
    // delta: exact username (1500+500+100) beats alpha.delta@… email substring matches.
    expect(users('delta')[0]).toBe(6);
  });
});

describe('node search (threshold 6.5)', () => {
  it('matches name, fqdn and the location through the relation', () => {
    expect(nodes('nyc')).toEqual([1]);
    expect(nodes('Frankfurt')).toEqual([2]);
    expect(nodes('node01')).toEqual([1, 2, 3]);
  });
});

describe('server search (threshold 100)', () => {
  it('matches the owner email, the uuidShort, the node name', () => {
    expect(servers('john.doe@example.com')).toEqual([1, 2]);
    expect(servers('c4af8e6d')).toEqual([1]);
    expect(servers('FRA-Node-01')).toEqual([5, 6]);
    expect(servers('Survival')).toEqual([1]);
  });

  it('a pack name prefix alone (weight 10) is not enough', () => {
    expect(servers('Paper')).toEqual([]);
  });
});

describe('searchTermOf', () => {
  it('treats null, "" and "0" as no search', () => {
    expect(searchTermOf(undefined, 'UserRepository')).toBeUndefined();
    expect(searchTermOf(null, 'UserRepository')).toBeUndefined();
    expect(searchTermOf('0', 'UserRepository')).toBeUndefined();
    expect(searchTermOf('alpha', 'UserRepository')).toBe('alpha');
    expect(searchTermOf(12, 'UserRepository')).toBe('12');
  });

  it('rejects arrays with a 500 TypeError', () => {
    expect(() => searchTermOf(['x'], 'UserRepository')).toThrow(PanelError);
    try {
      searchTermOf({ a: 'x' }, 'NodeRepository');
    } catch (error) {
      expect(error).toMatchObject({ status: 500, code: 'FatalThrowableError' });
    }
  });
});
