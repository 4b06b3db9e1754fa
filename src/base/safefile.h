/* safefile.h - files inside a directory jindu owns (OUT/<period>/), reached
 * without ever following a symbolic link and only when they are regular
 * files.
 *
 * The output tree may hold whatever a user (or an attacker who can write
 * it) left there: a symlink named like a report, a FIFO named like a
 * manifest entry. Clean-up and `jindu merge` go through these functions, so
 * they read and remove only regular files below the directory itself:
 * every path component is opened with O_NOFOLLOW, the last one is checked
 * with fstat, and a special file is never opened for reading at all (so a
 * FIFO cannot block the run). */
#ifndef JINDU_SAFEFILE_H
#define JINDU_SAFEFILE_H

#include <stdbool.h>
#include <stddef.h>

/* A relative path of plain components: not empty, not absolute, no "."
 * or ".." component, no empty component. */
bool safe_relative_path(const char *rel);

/* Open dir/rel for reading. -1 with errno: ELOOP where a component is a
 * symbolic link, EINVAL (file_strerror says both plainly) where the last is not a
 * regular file, or what open reported. */
int safe_open_below(const char *dir, const char *rel);

/* Size and SHA-256 of dir/rel as opened by safe_open_below; 0 or -1 with
 * errno. */
int safe_hash_below(const char *dir, const char *rel, size_t *bytes, char sha[65]);

/* Remove dir/rel only when it is a regular file reached without a link
 * whose size and SHA-256 are the ones given; 1 removed, 0 left (it is not
 * there, or not that file), -1 with errno when the removal failed. */
int safe_remove_below(const char *dir, const char *rel, size_t bytes, const char *sha);


/* Remove the temporaries a killed run left in dir (regular files only, not
 * through links); returns how many. Only while no other run can be
 * writing there (the caller holds the directory's lock exclusively). */
size_t remove_stale_temporaries(const char *dir);

/* The lock of an output directory (flock on the directory itself, so no
 * file is left in it): a run that writes the directory's manifest holds it
 * exclusively, shards of one run (each writing its own manifest) share it.
 * Returns the descriptor to close when done, or -1 with errno; with wait
 * false, EWOULDBLOCK when another run holds it. */
int dir_lock(const char *dir, bool shared, bool wait);

#endif
