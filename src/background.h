/*
** background.h — running one function on a second thread while the caller
** goes on with other work.
**
** A build has pieces of work that need no shared state: reading half of the
** corpus's files while the other half is read, stemming the spellings while
** SQLite writes other tables.  On a machine with two cores each such pair
** takes the time of the longer piece instead of their sum.  Where no thread
** can be started (the WebAssembly build has none), or when asked not to,
** the function simply runs before lt_background_start() returns: the
** result is the same, later.
*/
#ifndef LT_BACKGROUND_H
#define LT_BACKGROUND_H

typedef struct lt_background lt_background;

/* The work: returns 0, or anything else for a failure. */
typedef int (*lt_background_fn)(void *argument);

/*
** Starts fn(argument) on a second thread when threads > 1 and one can be
** started, else runs it now.  The caller must not touch what fn uses until
** lt_background_join().  Returns NULL only when out of memory, and then fn
** has not run.
*/
lt_background *lt_background_start(lt_background_fn fn, void *argument, int threads);

/* Waits for fn to end, frees the task and returns what fn returned (-1 for
** a NULL task). */
int lt_background_join(lt_background *task);

#endif
