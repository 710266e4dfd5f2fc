/*
 * git.h: libgit2, loaded when a command first needs it (gitload.c).
 * Read commands answered from a current index never start git, and so
 * never pay for loading libgit2 and the libraries it pulls in (TLS,
 * Kerberos, SSH: about 2 ms a process).  store.c includes this file in
 * place of <git2.h>; each libgit2 function it calls is a pointer that
 * crm_git_load fills, so the calls read as usual.
 */
#ifndef CRM_GIT_H
#define CRM_GIT_H

#include <git2.h>
#include <git2/sys/mempack.h>
#include <git2/sys/odb_backend.h>

#define CRM_GIT_FUNCS(X) \
	X(revwalk_new) \
	X(revwalk_sorting) \
	X(revwalk_push) \
	X(revwalk_next) \
	X(revwalk_free) \
	X(commit_committer) \
	X(commit_message_encoding) \
	X(treebuilder_remove) \
	X(treebuilder_entrycount) \
	X(tree_entry_filemode) \
	X(reference_list) \
	X(reference_remove) \
	X(credential_ssh_key_from_agent) \
	X(credential_userpass_plaintext_new) \
	X(fetch_options_init) \
	X(graph_descendant_of) \
	X(merge_base) \
	X(push_options_init) \
	X(reference_name_to_id) \
	X(remote_create) \
	X(remote_fetch) \
	X(remote_free) \
	X(remote_list) \
	X(remote_lookup) \
	X(remote_name) \
	X(remote_push) \
	X(strarray_dispose) \
	X(blob_create_from_buffer) \
	X(blob_free) \
	X(blob_lookup) \
	X(blob_rawcontent) \
	X(blob_rawsize) \
	X(commit_create) \
	X(commit_free) \
	X(commit_author) \
	X(commit_id) \
	X(commit_lookup) \
	X(commit_lookup_prefix) \
	X(commit_message) \
	X(commit_parent_id) \
	X(commit_parentcount) \
	X(commit_time) \
	X(commit_tree) \
	X(commit_tree_id) \
	X(config_free) \
	X(config_set_int32) \
	X(config_set_string) \
	X(diff_foreach) \
	X(diff_free) \
	X(diff_options_init) \
	X(diff_tree_to_tree) \
	X(error_last) \
	X(libgit2_init) \
	X(libgit2_opts) \
	X(mempack_new) \
	X(odb_add_backend) \
	X(odb_new) \
	X(odb_backend_loose) \
	X(odb_write) \
	X(odb_backend_data_free) \
	X(odb_free) \
	X(odb_hash) \
	X(odb_write_pack) \
	X(oid_cpy) \
	X(oid_equal) \
	X(oid_fromstr) \
	X(oid_fromstrn) \
	X(oid_is_zero) \
	X(oid_tostr) \
	X(reference_create_matching) \
	X(reference_free) \
	X(reference_lookup) \
	X(reference_target) \
	X(reference_type) \
	X(repository_config) \
	X(repository_free) \
	X(repository_init_ext) \
	X(repository_init_options_init) \
	X(repository_is_bare) \
	X(repository_odb) \
	X(repository_open_ext) \
	X(repository_path) \
	X(signature_default) \
	X(signature_free) \
	X(signature_new) \
	X(signature_now) \
	X(tree_create_updated) \
	X(tree_entry_byindex) \
	X(tree_entry_byname) \
	X(tree_entry_bypath) \
	X(tree_entry_free) \
	X(tree_entry_id) \
	X(tree_entry_name) \
	X(tree_entry_type) \
	X(tree_entrycount) \
	X(tree_free) \
	X(tree_id) \
	X(tree_lookup) \
	X(tree_walk) \
	X(treebuilder_free) \
	X(treebuilder_insert) \
	X(treebuilder_new) \
	X(treebuilder_write)

#define CRM_GIT_DECLARE(n) extern __typeof__(git_##n) *crm_git_##n;
CRM_GIT_FUNCS(CRM_GIT_DECLARE)
#undef CRM_GIT_DECLARE

/* The repository of a store, opened on first need; its branch's tip. */
struct crm_store;
int crm_store_git(git_repository **out, struct crm_store *s);
int crm_store_head_oid(struct crm_store *s, git_oid *out);

/* Makes the transaction's commit a merge of HEAD and other. */
struct crm_txn;
void crm_txn_merge(struct crm_txn *txn, const git_oid *other);
/* The commit the transaction builds on (zero for an empty store). */
void crm_txn_base(struct crm_txn *txn, git_oid *out);

/* Loads libgit2 once; CRM_EINTERNAL with a message when it cannot. */
int crm_git_load(void);

#ifndef CRM_GIT_NO_MACROS
#define git_revwalk_new (*crm_git_revwalk_new)
#define git_revwalk_sorting (*crm_git_revwalk_sorting)
#define git_revwalk_push (*crm_git_revwalk_push)
#define git_revwalk_next (*crm_git_revwalk_next)
#define git_revwalk_free (*crm_git_revwalk_free)
#define git_commit_committer (*crm_git_commit_committer)
#define git_commit_message_encoding (*crm_git_commit_message_encoding)
#define git_treebuilder_remove (*crm_git_treebuilder_remove)
#define git_treebuilder_entrycount (*crm_git_treebuilder_entrycount)
#define git_tree_entry_filemode (*crm_git_tree_entry_filemode)
#define git_reference_list (*crm_git_reference_list)
#define git_reference_remove (*crm_git_reference_remove)
#define git_credential_ssh_key_from_agent (*crm_git_credential_ssh_key_from_agent)
#define git_credential_userpass_plaintext_new (*crm_git_credential_userpass_plaintext_new)
#define git_fetch_options_init (*crm_git_fetch_options_init)
#define git_graph_descendant_of (*crm_git_graph_descendant_of)
#define git_merge_base (*crm_git_merge_base)
#define git_push_options_init (*crm_git_push_options_init)
#define git_reference_name_to_id (*crm_git_reference_name_to_id)
#define git_remote_create (*crm_git_remote_create)
#define git_remote_fetch (*crm_git_remote_fetch)
#define git_remote_free (*crm_git_remote_free)
#define git_remote_list (*crm_git_remote_list)
#define git_remote_lookup (*crm_git_remote_lookup)
#define git_remote_name (*crm_git_remote_name)
#define git_remote_push (*crm_git_remote_push)
#define git_strarray_dispose (*crm_git_strarray_dispose)
#define git_blob_create_from_buffer (*crm_git_blob_create_from_buffer)
#define git_blob_free (*crm_git_blob_free)
#define git_blob_lookup (*crm_git_blob_lookup)
#define git_blob_rawcontent (*crm_git_blob_rawcontent)
#define git_blob_rawsize (*crm_git_blob_rawsize)
#define git_commit_create (*crm_git_commit_create)
#define git_commit_free (*crm_git_commit_free)
#define git_commit_author (*crm_git_commit_author)
#define git_commit_id (*crm_git_commit_id)
#define git_commit_lookup (*crm_git_commit_lookup)
#define git_commit_lookup_prefix (*crm_git_commit_lookup_prefix)
#define git_commit_message (*crm_git_commit_message)
#define git_commit_parent_id (*crm_git_commit_parent_id)
#define git_commit_parentcount (*crm_git_commit_parentcount)
#define git_commit_time (*crm_git_commit_time)
#define git_commit_tree (*crm_git_commit_tree)
#define git_commit_tree_id (*crm_git_commit_tree_id)
#define git_config_free (*crm_git_config_free)
#define git_config_set_int32 (*crm_git_config_set_int32)
#define git_config_set_string (*crm_git_config_set_string)
#define git_diff_foreach (*crm_git_diff_foreach)
#define git_diff_free (*crm_git_diff_free)
#define git_diff_options_init (*crm_git_diff_options_init)
#define git_diff_tree_to_tree (*crm_git_diff_tree_to_tree)
#define git_error_last (*crm_git_error_last)
#define git_libgit2_init (*crm_git_libgit2_init)
#define git_libgit2_opts (*crm_git_libgit2_opts)
#define git_mempack_new (*crm_git_mempack_new)
#define git_odb_add_backend (*crm_git_odb_add_backend)
#define git_odb_new (*crm_git_odb_new)
#define git_odb_backend_loose (*crm_git_odb_backend_loose)
#define git_odb_write (*crm_git_odb_write)
#define git_odb_backend_data_free (*crm_git_odb_backend_data_free)
#define git_odb_free (*crm_git_odb_free)
#define git_odb_hash (*crm_git_odb_hash)
#define git_odb_write_pack (*crm_git_odb_write_pack)
#define git_oid_cpy (*crm_git_oid_cpy)
#define git_oid_equal (*crm_git_oid_equal)
#define git_oid_fromstr (*crm_git_oid_fromstr)
#define git_oid_fromstrn (*crm_git_oid_fromstrn)
#define git_oid_is_zero (*crm_git_oid_is_zero)
#define git_oid_tostr (*crm_git_oid_tostr)
#define git_reference_create_matching (*crm_git_reference_create_matching)
#define git_reference_free (*crm_git_reference_free)
#define git_reference_lookup (*crm_git_reference_lookup)
#define git_reference_target (*crm_git_reference_target)
#define git_reference_type (*crm_git_reference_type)
#define git_repository_config (*crm_git_repository_config)
#define git_repository_free (*crm_git_repository_free)
#define git_repository_init_ext (*crm_git_repository_init_ext)
#define git_repository_init_options_init (*crm_git_repository_init_options_init)
#define git_repository_is_bare (*crm_git_repository_is_bare)
#define git_repository_odb (*crm_git_repository_odb)
#define git_repository_open_ext (*crm_git_repository_open_ext)
#define git_repository_path (*crm_git_repository_path)
#define git_signature_default (*crm_git_signature_default)
#define git_signature_free (*crm_git_signature_free)
#define git_signature_new (*crm_git_signature_new)
#define git_signature_now (*crm_git_signature_now)
#define git_tree_create_updated (*crm_git_tree_create_updated)
#define git_tree_entry_byindex (*crm_git_tree_entry_byindex)
#define git_tree_entry_byname (*crm_git_tree_entry_byname)
#define git_tree_entry_bypath (*crm_git_tree_entry_bypath)
#define git_tree_entry_free (*crm_git_tree_entry_free)
#define git_tree_entry_id (*crm_git_tree_entry_id)
#define git_tree_entry_name (*crm_git_tree_entry_name)
#define git_tree_entry_type (*crm_git_tree_entry_type)
#define git_tree_entrycount (*crm_git_tree_entrycount)
#define git_tree_free (*crm_git_tree_free)
#define git_tree_id (*crm_git_tree_id)
#define git_tree_lookup (*crm_git_tree_lookup)
#define git_tree_walk (*crm_git_tree_walk)
#define git_treebuilder_free (*crm_git_treebuilder_free)
#define git_treebuilder_insert (*crm_git_treebuilder_insert)
#define git_treebuilder_new (*crm_git_treebuilder_new)
#define git_treebuilder_write (*crm_git_treebuilder_write)
#endif

#endif
