import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type AppDatabase } from './open-database';
import { precompile } from './statement-cache';

let database: AppDatabase;

beforeEach(async () => {
  database = await openDatabase(':memory:');
});

afterEach(async () => {
  await database.close();
});

const insertUser = precompile((db, user: { id: string; name: string; at: string }) =>
  db.insertInto('users').values({ id: user.id, display_name: user.name, role: 'trainee', pin_hash: null, created_at: user.at, updated_at: user.at }),
);

const selectUsers = precompile((db, filter: { role: 'trainee' | 'facilitator' | 'trainer' }) =>
  db.selectFrom('users').select(['id', 'display_name', 'created_at', 'updated_at']).where('role', '=', filter.role).orderBy('id'),
);

describe('precompile', () => {
  it('binds each run’s values by name, repeated names and the query’s own constants included', async () => {
    await insertUser(database.db, { id: 'b', name: 'Bea', at: '2026-01-02T00:00:00.000Z' });
    await insertUser(database.db, { id: 'a', name: 'Al', at: '2026-01-01T00:00:00.000Z' });
    const { rows } = await selectUsers(database.db, { role: 'trainee' });
    expect(rows).toEqual([
      { id: 'a', display_name: 'Al', created_at: '2026-01-01T00:00:00.000Z', updated_at: '2026-01-01T00:00:00.000Z' },
      { id: 'b', display_name: 'Bea', created_at: '2026-01-02T00:00:00.000Z', updated_at: '2026-01-02T00:00:00.000Z' },
    ]);
    expect((await selectUsers(database.db, { role: 'trainer' })).rows).toEqual([]);
  });

  it('runs inside a transaction and is rolled back with it', async () => {
    await expect(
      database.db.transaction().execute(async (trx) => {
        await insertUser(trx, { id: 'c', name: 'Cy', at: '2026-01-03T00:00:00.000Z' });
        expect((await selectUsers(trx, { role: 'trainee' })).rows).toHaveLength(1);
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect((await selectUsers(database.db, { role: 'trainee' })).rows).toEqual([]);
  });

  it('refuses a parameter the query does not take as a value', () => {
    expect(() => precompile((db, key: { id: string }) => db.selectFrom('users').selectAll().where('id', '=', `user-${key.id}`))).toThrow(/use id only as values in the query/);
  });
});
